// `cloud://` sources, resolved the way WeChat's image does: the fileID is read as the phone's own
// user, so the storage rules apply (WeChat: "fileID的直接访问遵循对象存储的权限配置", the wxcloud
// "组件支持" page, which lists image/video/cover-image src and previewImage urls as taking fileIDs),
// and what is drawn is a temp URL. A file the rules refuse is an image error, as on a phone.
// Each phone is its own frame, so this cache is one user's.

interface Entry {
  url: Promise<string>;
  until: number;
}

/** Renew a little before the URL's maxAge runs out. */
const MARGIN_MS = 60_000;
const cache = new Map<string, Entry>();

interface TempFileItem {
  fileID: string;
  tempFileURL?: string;
  status?: number;
  errMsg?: string;
  maxAge?: number;
}

type CloudApi = { getTempFileURL(o: { fileList: string[] }): Promise<{ fileList: TempFileItem[] }> };

export function isCloudSrc(src: string): boolean {
  return src.startsWith('cloud://');
}

export function resolveCloudSrc(fileID: string): Promise<string> {
  const hit = cache.get(fileID);
  if (hit && hit.until > Date.now()) return hit.url;
  const cloud = (wx as unknown as { cloud: CloudApi }).cloud;
  const entry: Entry = { until: Date.now() + 10 * 60_000, url: Promise.resolve('') };
  entry.url = cloud.getTempFileURL({ fileList: [fileID] }).then(({ fileList }) => {
    const item = fileList[0];
    if (!item?.tempFileURL || (item.status ?? 0) !== 0) throw new Error(item?.errMsg || 'no temp URL');
    if (item.maxAge) entry.until = Date.now() + item.maxAge * 1000 - MARGIN_MS;
    return item.tempFileURL;
  });
  // A refusal or a network failure is not kept: the next render asks again.
  entry.url.catch(() => cache.delete(fileID));
  cache.set(fileID, entry);
  return entry.url;
}
