// Storage through the unmodified wx-server-sdk: upload, temp URL over HTTP, download, delete,
// and temp URL expiry. Expected shapes come from wx-server-sdk 4.0.2's storage wrappers
// (status 0 / errMsg 'ok' per file; -503003 'storage file not exists' for a missing file).
import { startTestCloud, serverSdk } from './support/cloud';
import type { LocalCloud } from '../src/cloud';

/** The SDK's typings admit `void` (callback style); the promise style always resolves a result. */
function result<T>(value: T | void): T {
  if (value === undefined) throw new Error('the SDK resolved no result');
  return value;
}

let cloud: LocalCloud;
let sdk: ReturnType<typeof serverSdk>;

beforeAll(async () => {
  cloud = await startTestCloud();
  sdk = serverSdk(cloud, { openid: 'o-fn-caller' });
});
afterAll(async () => {
  cloud.storage.now = Date.now;
  await cloud.stop();
});

test('upload, temp URL, download, delete, then the file is gone', async () => {
  const bytes = Buffer.from('hello, 社区 chat \u0000\u00ff', 'utf8');
  const up = await sdk.uploadFile({ cloudPath: 'chat/room 1/hello.txt', fileContent: bytes });
  const fileID = `cloud://local-env.${cloud.storage.bucket}/chat/room 1/hello.txt`;
  expect(up.fileID).toBe(fileID);
  expect(cloud.storage.bucket).toBe('6c6f-local-env-1300000000'); // 'lo' in hex

  const temp = result(await sdk.getTempFileURL({ fileList: [fileID] }));
  expect(temp.fileList).toHaveLength(1);
  const [item] = temp.fileList;
  expect(item).toMatchObject({ fileID, status: 0, errMsg: 'ok', maxAge: 86400 });
  const res = await fetch(encodeURI(item.tempFileURL));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain');
  expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

  const down = await sdk.downloadFile({ fileID });
  expect(Buffer.compare(down.fileContent as Buffer, bytes)).toBe(0);

  // Files uploaded from a cloud function have no owner openid.
  expect(cloud.storage.list().map((f) => [f.cloudPath, f.openid, f.size])).toEqual([['chat/room 1/hello.txt', '', bytes.length]]);

  const del = result(await sdk.deleteFile({ fileList: [fileID] }));
  expect(del.fileList).toEqual([{ fileID, status: 0, errMsg: 'ok' }]);

  const again = result(await sdk.getTempFileURL({ fileList: [fileID] }));
  expect(again.fileList[0]).toMatchObject({ fileID, status: -503003, errMsg: 'storage file not exists', tempFileURL: '' });
  // node-sdk throws a TcbError carrying CloudBase's string code (wx-server-sdk leaves errCode -1).
  await expect(sdk.downloadFile({ fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
  const delAgain = result(await sdk.deleteFile({ fileList: [fileID] }));
  expect(delAgain.fileList[0]).toMatchObject({ fileID, status: -503003 });
  // The old temp URL still verifies, but the object is gone.
  expect((await fetch(encodeURI(item.tempFileURL))).status).toBe(404);
});

test('a temp URL stops working once its maxAge has passed', async () => {
  const { fileID } = await sdk.uploadFile({ cloudPath: 'expiry.png', fileContent: Buffer.from([1, 2, 3]) });
  const { fileList } = result(await sdk.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] }));
  expect(fileList[0]).toMatchObject({ status: 0, maxAge: 60 });
  const url = fileList[0].tempFileURL;

  const start = Date.now();
  cloud.storage.now = () => start + 59_000;
  const fresh = await fetch(url);
  expect(fresh.status).toBe(200);
  expect(fresh.headers.get('content-type')).toBe('image/png');

  cloud.storage.now = () => start + 62_000;
  const stale = await fetch(url);
  expect(stale.status).toBe(403);
  expect(await stale.text()).toContain('<Code>AccessDenied</Code>');

  // A tampered signature is refused even before expiry.
  cloud.storage.now = Date.now;
  expect((await fetch(url.replace(/sign=[0-9a-f]/, 'sign=x'))).status).toBe(403);
  // Asking for more than a day is capped at a day (WeChat: default one day, at most one day).
  const capped = result(await sdk.getTempFileURL({ fileList: [{ fileID, maxAge: 7 * 86400 }] }));
  expect(capped.fileList[0].maxAge).toBe(86400);
});

test('range requests serve the asked bytes', async () => {
  await cloud.storage.put('media/clip.mp4', Buffer.from('0123456789'));
  const url = cloud.storage.tempUrl(`cloud://local-env.${cloud.storage.bucket}/media/clip.mp4`);
  const res = await fetch(url, { headers: { range: 'bytes=2-5' } });
  expect(res.status).toBe(206);
  expect(res.headers.get('content-range')).toBe('bytes 2-5/10');
  expect(await res.text()).toBe('2345');
});

test('bad input is refused with a clear code and stores nothing', async () => {
  const before = cloud.storage.list().length;
  await expect(sdk.uploadFile({ cloudPath: '/leading-slash.txt', fileContent: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  await expect(sdk.uploadFile({ cloudPath: 'a/../b.txt', fileContent: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  expect(cloud.storage.list()).toHaveLength(before);
  await expect(sdk.getTempFileURL({ fileList: Array.from({ length: 51 }, (_, i) => `cloud://x/${i}`) })).rejects.toMatchObject({
    code: 'INVALID_PARAM',
  });
});
