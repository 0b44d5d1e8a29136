// Files on disk and their metadata. Blobs live under <dataDir>/storage/blobs/<random id> (never
// under the user's path, so no cloudPath can escape the folder); the index maps each cloudPath to
// its metadata in <dataDir>/storage/index.json.
import fs from 'fs';
import path from 'path';
import { randomBytes } from 'crypto';
import { pipeline } from 'stream/promises';
import type { Readable } from 'stream';
import { CloudError, ErrorCodes } from '../errors';
import { JsonFile } from './jsonFile';

export interface StoredFile {
  fileID: string;
  cloudPath: string;
  /** Owner openid (the uploading mini program user); '' for files uploaded by the server SDK. */
  openid: string;
  size: number;
  contentType: string;
  /** ISO time of the last upload. */
  created: string;
  blob: string;
}

interface IndexDoc {
  version: 1;
  files: Record<string, StoredFile>;
}

/** COS keys are at most 850 UTF-8 bytes (CloudBase storage naming rules). */
const MAX_PATH_BYTES = 850;

/**
 * CloudBase's naming rules for a cloudPath: not empty, no leading '/', no '//', at most 850 bytes,
 * no control characters. Locally also no '?', '#', '%', '\\' and no '.'/'..' segments: the path
 * is written raw into a temp URL (node-sdk downloadFile calls encodeURI on tempFileURL, so the URL
 * must not be pre-encoded), and such names would be ambiguous there.
 */
export function validateCloudPath(cloudPath: unknown): string {
  const bad = (why: string) => new CloudError(ErrorCodes.INVALID_PARAM, `invalid cloudPath: ${why}`);
  if (typeof cloudPath !== 'string' || cloudPath.length === 0) throw bad('must be a non-empty string');
  if (cloudPath.startsWith('/')) throw bad('must not start with /');
  if (cloudPath.includes('//')) throw bad('must not contain //');
  if (cloudPath.endsWith('/')) throw bad('must name a file, not a folder');
  if (Buffer.byteLength(cloudPath, 'utf8') > MAX_PATH_BYTES) throw bad(`longer than ${MAX_PATH_BYTES} bytes`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f?#%\\]/.test(cloudPath)) throw bad('contains a control character, ?, #, % or \\');
  if (cloudPath.split('/').some((s) => s === '.' || s === '..')) throw bad('contains a . or .. segment');
  return cloudPath;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  silk: 'audio/silk',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  pdf: 'application/pdf',
  txt: 'text/plain',
  json: 'application/json',
  zip: 'application/zip',
};

export function guessContentType(cloudPath: string): string {
  const ext = path.extname(cloudPath).slice(1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

export class FileStore {
  private readonly index: JsonFile<IndexDoc>;
  private readonly blobDir: string;
  /** `<hex of the env's first two chars>-<env>-<app number>`, the shape of a real CloudBase bucket. */
  readonly bucket: string;

  constructor(
    root: string,
    readonly envId: string,
  ) {
    this.blobDir = path.join(root, 'blobs');
    fs.mkdirSync(this.blobDir, { recursive: true });
    this.index = new JsonFile<IndexDoc>(path.join(root, 'index.json'), () => ({ version: 1, files: {} }));
    this.bucket = `${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-1300000000`;
  }

  /** `cloud://<env>.<bucket>/<path>`, as wx.cloud.uploadFile answers. */
  fileIdFor(cloudPath: string): string {
    return `cloud://${this.envId}.${this.bucket}/${cloudPath}`;
  }

  /** The cloudPath a fileID names in this env, or undefined when it is malformed or foreign. */
  cloudPathOf(fileID: string): string | undefined {
    const prefix = `cloud://${this.envId}.${this.bucket}/`;
    return fileID.startsWith(prefix) && fileID.length > prefix.length ? fileID.slice(prefix.length) : undefined;
  }

  get(cloudPath: string): StoredFile | undefined {
    return this.index.read().files[cloudPath];
  }

  byFileId(fileID: string): StoredFile | undefined {
    const cloudPath = this.cloudPathOf(fileID);
    return cloudPath === undefined ? undefined : this.get(cloudPath);
  }

  list(): StoredFile[] {
    return Object.values(this.index.read().files).sort((a, b) => a.cloudPath.localeCompare(b.cloudPath));
  }

  /**
   * Streams `source` into a new blob and only then points the index at it, so a failed or
   * oversized upload leaves the previous version (or nothing) in place.
   */
  async write(cloudPath: string, source: Readable, meta: { openid: string; contentType?: string; maxBytes: number }): Promise<StoredFile> {
    validateCloudPath(cloudPath);
    const blob = randomBytes(12).toString('hex');
    const blobPath = path.join(this.blobDir, blob);
    let size = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > meta.maxBytes) throw new CloudError(ErrorCodes.PAYLOAD_TOO_LARGE, `file exceeds ${meta.maxBytes} bytes`, 413);
            yield chunk;
          }
        },
        fs.createWriteStream(blobPath),
      );
    } catch (err) {
      fs.rmSync(blobPath, { force: true });
      throw err;
    }
    const contentType = meta.contentType && meta.contentType !== 'application/octet-stream' ? meta.contentType : guessContentType(cloudPath);
    const file: StoredFile = {
      fileID: this.fileIdFor(cloudPath),
      cloudPath,
      openid: meta.openid,
      size,
      contentType,
      created: new Date().toISOString(),
      blob,
    };
    const previous = this.index.update((doc) => {
      const old = doc.files[cloudPath];
      doc.files[cloudPath] = file;
      return old;
    });
    if (previous) fs.rmSync(path.join(this.blobDir, previous.blob), { force: true });
    return file;
  }

  blobPath(file: StoredFile): string {
    return path.join(this.blobDir, file.blob);
  }

  read(file: StoredFile): Buffer {
    return fs.readFileSync(this.blobPath(file));
  }

  /** Returns false when nothing was stored at `cloudPath`. */
  delete(cloudPath: string): boolean {
    const removed = this.index.update((doc) => {
      const old = doc.files[cloudPath];
      delete doc.files[cloudPath];
      return old;
    });
    if (!removed) return false;
    fs.rmSync(path.join(this.blobDir, removed.blob), { force: true });
    return true;
  }
}
