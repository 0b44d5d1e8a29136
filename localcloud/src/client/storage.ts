// wx.cloud file APIs over the storage service's client actions (localcloud/src/storage/index.ts
// header): storage.getUploadMetadata then PUT the bytes to the returned URL; batchGetDownloadUrl;
// batchDeleteFile. Result shapes are the mini program's: uploadFile -> {fileID, statusCode},
// getTempFileURL/deleteFile -> {fileList:[{fileID, ..., status: 0 | <negative code>, errMsg}]},
// downloadFile -> {tempFilePath, statusCode} where tempFilePath is the temp URL (the preview shows
// it directly; there is no local file system in a browser).
import { attachCallbacks, check, cloudError, run, TCB_ERR_CODE, type ApiResult, type Callbacks } from './api';
import type { Transport } from './transport';
import { put } from './upload';

export type FileBytes = Uint8Array | Blob | ArrayBuffer;
/** How a mini program temp path (`filePath`) becomes bytes; Node tests pass fs.promises.readFile. */
export type ReadFile = (filePath: string) => Promise<FileBytes>;

export interface UploadProgress {
  progress: number;
  totalBytesSent: number;
  totalBytesExpectedToSend: number;
}

/** The mini program's UploadTask. */
export interface UploadTask {
  /** Listeners get 0% when sending starts, then steps as bytes go out (upload.ts), ending at 100%. */
  onProgressUpdate(listener: (p: UploadProgress) => void): void;
  offProgressUpdate(listener: (p: UploadProgress) => void): void;
  abort(): void;
  then: Promise<UploadResult>['then'];
  catch: Promise<UploadResult>['catch'];
}
export interface UploadResult {
  fileID: string;
  statusCode: number;
  errMsg: string;
}

function sizeOf(body: FileBytes): number {
  return body instanceof Uint8Array ? body.byteLength : body instanceof ArrayBuffer ? body.byteLength : body.size;
}

async function defaultReadFile(transport: Transport, filePath: string): Promise<FileBytes> {
  if (!/^(https?|blob|data):/.test(filePath)) throw new Error(`cannot read ${filePath}: pass createWxCloud({readFile})`);
  const res = await transport.fetchImpl(filePath);
  return new Uint8Array(await res.arrayBuffer());
}

export type UploadOptions = Callbacks<UploadResult> & { cloudPath: string; filePath: string };
export type TempUrlResult = { fileList: TempFileItem[]; errMsg: string };
export type TempUrlOptions = Callbacks<TempUrlResult> & { fileList: Array<string | { fileID: string; maxAge?: number }> };
export type DownloadResult = { tempFilePath: string; statusCode: number; errMsg: string };
export type DownloadOptions = Callbacks<DownloadResult> & { fileID: string };
export type DeleteResult = { fileList: Array<{ fileID: string; status: number; errMsg: string }>; errMsg: string };
export type DeleteOptions = Callbacks<DeleteResult> & { fileList: string[] };

export function uploadFile(transport: Transport, readFile: ReadFile | undefined, options: UploadOptions): UploadTask {
  const api = 'cloud.uploadFile';
  const listeners = new Set<(p: UploadProgress) => void>();
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  let reported = -1;
  /** Reports each byte count once and only forwards: a listener sees strictly increasing totals. */
  const progress = (sent: number, total: number): void => {
    if (sent <= reported) return;
    reported = sent;
    for (const l of [...listeners]) l({ progress: total ? Math.floor((sent / total) * 100) : 100, totalBytesSent: sent, totalBytesExpectedToSend: total });
  };
  const task = async (): Promise<UploadResult> => {
    if (!options?.cloudPath || !options.filePath) throw 'cloudPath and filePath are required';
    const body = await (readFile ? readFile(options.filePath) : defaultReadFile(transport, options.filePath));
    const meta = check(api, await transport.post('storage.getUploadMetadata', { path: options.cloudPath, method: 'put' }));
    const { url, token, authorization, fileId } = meta.data as { url: string; token: string; authorization: string; fileId: string };
    const total = sizeOf(body);
    progress(0, total);
    const res = await put(transport, {
      url,
      headers: { authorization, 'x-cos-security-token': token },
      body: body instanceof ArrayBuffer ? new Uint8Array(body) : body,
      signal: controller?.signal,
      onSent: (sent) => progress(Math.min(sent, total), total),
    });
    if (res.status !== 200) throw cloudError(api, 'STORAGE_REQUEST_FAIL', `upload answered ${res.status}: ${res.text}`);
    progress(total, total);
    return { fileID: fileId, statusCode: 200, errMsg: `${api}:ok` };
  };
  // Unlike other APIs the task object is returned either way, so start the task once and attach
  // the callbacks (if any) to it; a handled copy keeps callback users free of unhandled rejections.
  const settled = run(api, undefined, task);
  if (attachCallbacks(settled, options)) settled.catch(() => undefined);
  return {
    onProgressUpdate: (l) => void listeners.add(l),
    offProgressUpdate: (l) => void listeners.delete(l),
    abort: () => controller?.abort(),
    then: settled.then.bind(settled) as UploadTask['then'],
    catch: settled.catch.bind(settled) as UploadTask['catch'],
  };
}

interface DownloadItem {
  fileID: string;
  tempFileURL: string;
  code?: string;
  message?: string;
  maxAge?: number;
}

export interface TempFileItem {
  fileID: string;
  tempFileURL: string;
  maxAge: number;
  status: number;
  errMsg: string;
}

async function tempUrls(transport: Transport, api: string, fileList: Array<string | { fileID: string; maxAge?: number }>): Promise<TempFileItem[]> {
  if (!Array.isArray(fileList) || fileList.length === 0) throw 'fileList must be a non-empty array';
  const items = fileList.map((f) => (typeof f === 'string' ? { fileid: f, max_age: 86400 } : { fileid: f.fileID, max_age: f.maxAge ?? 86400 }));
  const res = check(api, await transport.post('storage.batchGetDownloadUrl', { file_list: items }));
  return ((res.data as { download_list: DownloadItem[] }).download_list ?? []).map((d) => ({
    fileID: d.fileID,
    tempFileURL: d.tempFileURL ?? '',
    maxAge: d.maxAge ?? 0,
    status: !d.code || d.code === 'SUCCESS' ? 0 : (TCB_ERR_CODE[d.code] ?? -1),
    errMsg: !d.code || d.code === 'SUCCESS' ? 'ok' : `${d.code} ${d.message ?? ''}`.trim(),
  }));
}

export function getTempFileURL<O extends TempUrlOptions>(transport: Transport, options: O): ApiResult<TempUrlResult, O> {
  const api = 'cloud.getTempFileURL';
  return run(api, options, async () => ({ fileList: await tempUrls(transport, api, options?.fileList), errMsg: `${api}:ok` }));
}

export function downloadFile<O extends DownloadOptions>(transport: Transport, options: O): ApiResult<DownloadResult, O> {
  const api = 'cloud.downloadFile';
  return run(api, options, async () => {
    const [item] = await tempUrls(transport, api, [options?.fileID]);
    if (!item || item.status !== 0) throw `${item?.errMsg ?? 'file not found'}`;
    const res = await transport.http(item.tempFileURL, { method: 'HEAD' });
    if (res.status !== 200) throw `download answered ${res.status}`;
    return { tempFilePath: item.tempFileURL, statusCode: res.status, errMsg: `${api}:ok` };
  });
}

export function deleteFile<O extends DeleteOptions>(transport: Transport, options: O): ApiResult<DeleteResult, O> {
  const api = 'cloud.deleteFile';
  return run(api, options, async () => {
    if (!Array.isArray(options?.fileList) || options.fileList.length === 0) throw 'fileList must be a non-empty array';
    const res = check(api, await transport.post('storage.batchDeleteFile', { fileid_list: options.fileList }));
    const list = (res.data as { delete_list: Array<{ fileID: string; code?: string; message?: string }> }).delete_list ?? [];
    return {
      fileList: list.map((d) => ({
        fileID: d.fileID,
        status: !d.code || d.code === 'SUCCESS' ? 0 : (TCB_ERR_CODE[d.code] ?? -1),
        errMsg: !d.code || d.code === 'SUCCESS' ? 'ok' : `${d.code} ${d.message ?? ''}`.trim(),
      })),
      errMsg: `${api}:ok`,
    };
  });
}
