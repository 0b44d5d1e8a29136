// Signed links: temp download URLs (stateless HMAC over path and expiry, valid across restarts
// because the key is kept in the data folder) and upload tickets (one-use, in memory, like a
// short-lived COS upload signature).
import fs from 'fs';
import path from 'path';
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

/** Where the object routes (routes.ts) serve uploads and downloads: the paths the links point at. */
export const UPLOAD_PREFIX = '/storage/upload';
export const DOWNLOAD_PREFIX = '/storage/download';
/** wx.cloud.getTempFileURL: default one day and at most one day (WeChat docs). */
export const DEFAULT_TEMP_URL_SECONDS = 86400;
export const MAX_TEMP_URL_SECONDS = 86400;
/** How long a getUploadMetadata answer may be used. */
export const UPLOAD_TICKET_SECONDS = 900;

export interface UploadTicket {
  id: string;
  cloudPath: string;
  openid: string;
  /** Sent back by the SDK as `authorization` / `Signature` headers. */
  authorization: string;
  token: string;
  expiresAt: number;
}

export class LinkSigner {
  private readonly key: Buffer;
  private readonly tickets = new Map<string, UploadTicket>();

  constructor(
    root: string,
    private readonly now: () => number,
  ) {
    const keyFile = path.join(root, 'signing.key');
    if (!fs.existsSync(keyFile)) {
      fs.mkdirSync(root, { recursive: true });
      fs.writeFileSync(keyFile, randomBytes(32).toString('hex'));
    }
    this.key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex').slice(0, 32);
  }

  /** `{sign, t}` query values for a download of `cloudPath` until `t` (unix seconds). */
  signDownload(cloudPath: string, maxAgeSeconds: number): { sign: string; t: number } {
    const t = Math.floor(this.now() / 1000) + maxAgeSeconds;
    return { sign: this.mac(`download\n${cloudPath}\n${t}`), t };
  }

  checkDownload(cloudPath: string, sign: string, t: number): 'ok' | 'bad-sign' | 'expired' {
    const expected = Buffer.from(this.mac(`download\n${cloudPath}\n${t}`));
    const given = Buffer.from(sign);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-sign';
    return Math.floor(this.now() / 1000) > t ? 'expired' : 'ok';
  }

  issueUpload(cloudPath: string, openid: string): UploadTicket {
    const id = randomBytes(16).toString('hex');
    const start = Math.floor(this.now() / 1000);
    const expiresAt = start + UPLOAD_TICKET_SECONDS;
    // COS-shaped, so logs look familiar; only equality with what was issued is checked.
    const authorization = `q-sign-algorithm=sha1&q-ak=local&q-sign-time=${start};${expiresAt}&q-key-time=${start};${expiresAt}&q-header-list=&q-url-param-list=&q-signature=${this.mac(`upload\n${id}`)}`;
    const ticket = { id, cloudPath, openid, authorization, token: randomBytes(16).toString('hex'), expiresAt };
    this.tickets.set(id, ticket);
    return ticket;
  }

  /** The live ticket `id` names, or why not. Expired tickets are forgotten. */
  findUpload(id: string): UploadTicket | 'missing' | 'expired' {
    const ticket = this.tickets.get(id);
    if (!ticket) return 'missing';
    if (Math.floor(this.now() / 1000) > ticket.expiresAt) {
      this.tickets.delete(id);
      return 'expired';
    }
    return ticket;
  }

  consumeUpload(id: string): void {
    this.tickets.delete(id);
  }
}
