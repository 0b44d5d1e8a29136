// The storage service's state and operations, shared by the wire actions, the object routes and
// the console methods. Every operation takes the caller: the server SDK (admin) bypasses storage
// rules, a mini program user (client) is checked against them.
import path from 'path';
import { CloudError, ErrorCodes } from '../errors';
import type { Caller } from '../server/router';
import type { ServiceContext } from '../server/service';
import { FileStore, StoredFile, validateCloudPath } from './store';
import { DEFAULT_TEMP_URL_SECONDS, DOWNLOAD_PREFIX, LinkSigner, MAX_TEMP_URL_SECONDS, UPLOAD_PREFIX } from './links';
import { allows, loadStorageRules, StorageRules, validateStorageRules } from './rules';

/** Local cap on one upload; CloudBase allows more, a laptop's temp folder may not. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** getTempFileURL / deleteFile take at most 50 files a call (WeChat docs). */
export const MAX_FILES_PER_CALL = 50;

/** Where the rules live in the project (a folder, so loadCollectionSpecs skips it). */
export const STORAGE_RULES_FILE = path.join('database', 'storage', 'rules.json');

export interface DownloadItem {
  fileID: string;
  tempFileURL: string;
  code: string;
  maxAge?: number;
  message?: string;
}

export interface DeleteItem {
  fileID: string;
  code: string;
  message?: string;
}

export class StorageCore {
  readonly store: FileStore;
  readonly signer: LinkSigner;
  maxUploadBytes = MAX_UPLOAD_BYTES;
  /** Milliseconds clock for link expiry; tests move it forward instead of sleeping. */
  now: () => number = Date.now;
  private rules: StorageRules;

  constructor(private readonly ctx: ServiceContext) {
    const root = path.join(ctx.dataDir, 'storage');
    this.store = new FileStore(root, ctx.envId);
    this.signer = new LinkSigner(root, () => this.now());
    this.rules = loadStorageRules(path.join(ctx.projectRoot, STORAGE_RULES_FILE));
  }

  getRules(): StorageRules {
    return this.rules;
  }

  setRules(rules: StorageRules): void {
    validateStorageRules(rules);
    this.rules = rules;
  }

  /** Storage rules for client callers; admin callers always pass. */
  private async permits(caller: Caller, operation: 'read' | 'write', owner: string, cloudPath: string): Promise<boolean> {
    if (caller.kind === 'admin') return true;
    return allows(this.rules, operation, caller.identity, { openid: owner, path: cloudPath });
  }

  async uploadMetadata(caller: Caller, cloudPath: unknown) {
    const target = validateCloudPath(cloudPath);
    const existing = this.store.get(target);
    const owner = caller.kind === 'client' ? caller.identity.openid : '';
    // A new file will belong to the uploader; an overwrite is judged against the current owner.
    if (!(await this.permits(caller, 'write', existing?.openid ?? owner, target))) {
      throw new CloudError(ErrorCodes.STORAGE_PERMISSION_DENIED, `no write permission for ${target}`);
    }
    const ticket = this.signer.issueUpload(target, owner);
    return {
      url: `${this.ctx.baseUrl()}${UPLOAD_PREFIX}/${ticket.id}`,
      token: ticket.token,
      authorization: ticket.authorization,
      fileId: this.store.fileIdFor(target),
      cosFileId: ticket.id,
      download_url: this.tempUrl(target, DEFAULT_TEMP_URL_SECONDS),
    };
  }

  tempUrl(cloudPath: string, maxAgeSeconds: number): string {
    const { sign, t } = this.signer.signDownload(cloudPath, maxAgeSeconds);
    return `${this.ctx.baseUrl()}${DOWNLOAD_PREFIX}/${cloudPath}?sign=${sign}&t=${t}`;
  }

  async downloadList(caller: Caller, fileList: unknown): Promise<DownloadItem[]> {
    const items = requireList(fileList, 'file_list').map((entry) => {
      if (!entry || typeof entry !== 'object' || typeof (entry as { fileid?: unknown }).fileid !== 'string') {
        throw new CloudError(ErrorCodes.INVALID_PARAM, 'file_list items must be {fileid, max_age?}');
      }
      const { fileid, max_age } = entry as { fileid: string; max_age?: unknown };
      if (max_age !== undefined && (typeof max_age !== 'number' || !Number.isFinite(max_age) || max_age <= 0)) {
        throw new CloudError(ErrorCodes.INVALID_PARAM, `max_age must be a positive number of seconds`);
      }
      return { fileid, maxAge: Math.min(Math.floor((max_age as number | undefined) ?? DEFAULT_TEMP_URL_SECONDS), MAX_TEMP_URL_SECONDS) };
    });
    const answers: DownloadItem[] = [];
    for (const { fileid, maxAge } of items) {
      const file = this.store.byFileId(fileid);
      if (!file) answers.push({ fileID: fileid, tempFileURL: '', code: ErrorCodes.STORAGE_FILE_NOT_EXIST, message: 'file does not exist' });
      else if (!(await this.permits(caller, 'read', file.openid, file.cloudPath))) {
        answers.push({ fileID: fileid, tempFileURL: '', code: ErrorCodes.STORAGE_PERMISSION_DENIED, message: 'no read permission' });
      } else answers.push({ fileID: fileid, tempFileURL: this.tempUrl(file.cloudPath, maxAge), code: 'SUCCESS', maxAge });
    }
    return answers;
  }

  async deleteList(caller: Caller, fileIdList: unknown): Promise<DeleteItem[]> {
    const ids = requireList(fileIdList, 'fileid_list').map((id) => {
      if (typeof id !== 'string' || !id) throw new CloudError(ErrorCodes.INVALID_PARAM, 'fileid_list items must be non-empty strings');
      return id;
    });
    const answers: DeleteItem[] = [];
    for (const fileID of ids) {
      const file = this.store.byFileId(fileID);
      if (!file) answers.push({ fileID, code: ErrorCodes.STORAGE_FILE_NOT_EXIST, message: 'file does not exist' });
      else if (!(await this.permits(caller, 'write', file.openid, file.cloudPath))) {
        answers.push({ fileID, code: ErrorCodes.STORAGE_PERMISSION_DENIED, message: 'no write permission' });
      } else {
        this.store.delete(file.cloudPath);
        answers.push({ fileID, code: 'SUCCESS' });
      }
    }
    return answers;
  }

  /** The stored file a fileID names, or STORAGE_FILE_NONEXIST. */
  require(fileID: string): StoredFile {
    const file = this.store.byFileId(fileID);
    if (!file) throw new CloudError(ErrorCodes.STORAGE_FILE_NOT_EXIST, `${fileID} does not exist`);
    return file;
  }
}

function requireList(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new CloudError(ErrorCodes.INVALID_PARAM, `${name} must be a non-empty array`);
  if (value.length > MAX_FILES_PER_CALL) throw new CloudError(ErrorCodes.INVALID_PARAM, `${name} holds more than ${MAX_FILES_PER_CALL} files`);
  return value;
}
