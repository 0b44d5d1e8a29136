// Local cloud storage: files on disk with CloudBase's wire protocol, signed temp URLs and storage
// security rules.
//
// ## Endpoints
//
// Wire actions, on POST /admin (server SDK, rules bypassed) and POST /client (the mini program
// shim, JSON body, headers x-wx-openid / x-wx-appid; storage rules apply). Answers use the usual
// `{data, requestId}` / `{code, message, requestId}` envelopes. Shapes verified against
// @cloudbase/node-sdk 3.17.2 dist/storage/index.js and wx-server-sdk 4.0.2 index.js
// (src/api/cloud/provider/tcb/api/{uploadFile,getTempFileURL,deleteFile,downloadFile}.ts):
//
//   storage.getUploadMetadata {path, method:'put'}
//     -> data {url, token, authorization, fileId, cosFileId, download_url}
//     Client: needs `write` on the file (owner = caller for a new file, current owner for an
//     overwrite), else STORAGE_EXCEED_AUTHORITY. Bad path -> INVALID_PARAM.
//   storage.batchGetDownloadUrl {file_list:[{fileid, max_age?}]}   (1..50 items)
//     -> data {download_list:[{fileID, tempFileURL, code:'SUCCESS', maxAge}
//                            | {fileID, tempFileURL:'', code:'STORAGE_FILE_NONEXIST'|'STORAGE_EXCEED_AUTHORITY', message}]}
//     max_age in seconds, default and cap 86400. Client: `read` per file.
//   storage.batchDeleteFile {fileid_list:[fileID]}                 (1..50 items)
//     -> data {delete_list:[{fileID, code:'SUCCESS'} | {fileID, code:'STORAGE_FILE_NONEXIST'|'STORAGE_EXCEED_AUTHORITY', message}]}
//     Client: `write` per file.
//
// Object routes (plain HTTP, no envelope; errors are COS-style XML `<Error><Code>...`):
//
//   PUT  <url from getUploadMetadata>   raw body = file content (what node-sdk uploadFile does:
//        headers authorization/Signature = `authorization`, x-cos-security-token = `token`).
//        200 with an empty body. Stream the body and report progress from the client side.
//        Content-Type, when sent, becomes the file's content type (else guessed from the name).
//   POST <same url>   multipart/form-data with the file in a part named `file`
//        -> 200 JSON {fileID, size}. For browsers that prefer forms.
//        Either way the ticket is single-use and valid 15 minutes; 403 AccessDenied otherwise,
//        413 EntityTooLarge over MAX_UPLOAD_BYTES.
//   GET|HEAD /storage/download/<cloudPath>?sign=<hex>&t=<unix seconds>   (the tempFileURL)
//        -> the bytes with content-type / content-length; single `Range: bytes=a-b` supported.
//        403 AccessDenied when the signature is wrong or `t` has passed, 404 NoSuchKey when
//        the file is gone. As in CloudBase, a temp URL is a bearer link: rules are not rechecked.
//
// Client download = batchGetDownloadUrl then GET the tempFileURL.
// fileID = cloud://<envId>.<bucket>/<cloudPath>; the bucket is StorageService.bucket.
// Rules: database/storage/rules.json ({read, write}; evaluated by ../rules, see rules.ts), default
// {read:'auth != null', write:'resource.openid == auth.openid'}.
import type { Service, ServiceContext } from '../server/service';
import type { Caller } from '../server/router';
import type { DatabaseService } from '../db';
import { StorageCore } from './core';
import { registerStorageRoutes } from './routes';
import type { StorageRules } from './rules';
import type { StoredFile } from './store';
import { Readable } from 'stream';

export type { StoredFile } from './store';
export type { StorageRules } from './rules';

export interface StorageService extends Service {
  /** `<hex>-<envId>-<appnum>`, the part of every fileID after `cloud://<envId>.` */
  readonly bucket: string;
  /** Console: every stored file, sorted by path. */
  list(): StoredFile[];
  /** Console: a file's metadata and bytes; STORAGE_FILE_NONEXIST when absent. */
  read(fileID: string): { file: StoredFile; content: Buffer };
  /** Console / seeding: store bytes at cloudPath as `openid` ('' = uploaded by the server). */
  put(cloudPath: string, content: Buffer, openid?: string, contentType?: string): Promise<StoredFile>;
  /** Console: delete as admin; STORAGE_FILE_NONEXIST when absent. */
  delete(fileID: string): Promise<void>;
  /** A signed download URL valid for maxAgeSeconds (default one day). */
  tempUrl(fileID: string, maxAgeSeconds?: number): string;
  getRules(): StorageRules;
  /** Replace the rules in force (tests, console); validated first. */
  setRules(rules: StorageRules): void;
  /** The clock (ms) used for link expiry; tests set it instead of sleeping. */
  now: () => number;
}

const ADMIN: Caller = { kind: 'admin', identity: { source: 'console' } };

export async function createStorageService(ctx: ServiceContext, _db: DatabaseService): Promise<StorageService> {
  const core = new StorageCore(ctx);

  ctx.router.action('storage.getUploadMetadata', async (params, { caller }) => core.uploadMetadata(caller, params.path));
  ctx.router.action('storage.batchGetDownloadUrl', async (params, { caller }) => ({ download_list: await core.downloadList(caller, params.file_list) }));
  ctx.router.action('storage.batchDeleteFile', async (params, { caller }) => ({ delete_list: await core.deleteList(caller, params.fileid_list) }));
  registerStorageRoutes(ctx.router, core);

  return {
    name: 'storage',
    bucket: core.store.bucket,
    list: () => core.store.list(),
    read: (fileID) => {
      const file = core.require(fileID);
      return { file, content: core.store.read(file) };
    },
    put: (cloudPath, content, openid = '', contentType) => core.store.write(cloudPath, Readable.from([content]), { openid, contentType, maxBytes: core.maxUploadBytes }),
    delete: async (fileID) => {
      await core.deleteList(ADMIN, [core.require(fileID).fileID]);
    },
    tempUrl: (fileID, maxAgeSeconds = 86400) => core.tempUrl(core.require(fileID).cloudPath, maxAgeSeconds),
    getRules: () => core.getRules(),
    setRules: (rules) => core.setRules(rules),
    get now() {
      return core.now;
    },
    set now(clock: () => number) {
      core.now = clock;
    },
  };
}
