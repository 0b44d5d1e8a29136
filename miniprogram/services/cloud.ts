// The only module that touches wx.cloud (init, functions, database, storage). Cloud functions answer `{ok, data}` or `{ok:false, error}`
// and the SDK throws WeChat-shaped errors (`errCode`, `errMsg`); both become a ServiceError with one
// stable code, so callers decide "retry, give up, or show" from the code alone.
// Request types come from the shared contracts as types only: the contracts module pulls ajv,
// which must never reach the mini program (it generates code with new Function).
import type { RequestOf } from '../../domain/function';
import type * as contracts from '../../domain/contracts/messaging';
import type { DeliveryOutcome, Profile, ReceiptState } from '../../domain/contracts/messaging';
import type { AppErrorCode } from '../../domain/errors';
import { errorText } from '../utils/reasons';
import type { MessageContent, MessageType } from '../../domain/messages';
import type { CloudLike, CollectionLike, CommandLike, WatchHandlers, WatcherLike } from './ports';

// The functions' answers, declared once with their contracts.
export type { DeliveryOutcome, Profile, ReceiptState };

/** Function error codes plus what can go wrong before a function or a rule answers. */
export type ServiceErrorCode = AppErrorCode | 'NETWORK' | 'PERMISSION_DENIED' | 'DUPLICATE';

const RETRYABLE: ReadonlySet<ServiceErrorCode> = new Set<ServiceErrorCode>(['NETWORK', 'INTERNAL', 'CONFLICT', 'RATE_LIMITED']);

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
  /** RATE_LIMITED answers say how long to wait (slow mode, rate windows). */
  get retryAfterMs(): number | undefined {
    const ms = this.details?.retryAfterMs;
    return typeof ms === 'number' && ms > 0 ? ms : undefined;
  }
  /** Worth trying again later: the same request may succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
  /** Words for a person (toasts, the note under a failed message), from the one table. */
  get userMessage(): string {
    return errorText(this.code);
  }
}

/** A WeChat API error (or anything thrown by the SDK) as a ServiceError. */
export function toServiceError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const text = String(e.errMsg ?? e.message ?? err);
  if (e.errCode === -502003 || /permission denied/i.test(text)) return new ServiceError('PERMISSION_DENIED', text);
  if (/duplicate|E11000/i.test(text)) return new ServiceError('DUPLICATE', text);
  // request:fail is what wx.request-level failures say (offline, timeout, DNS); -501002 is a server timeout.
  if (/request:fail|network|timeout|offline|ECONNREFUSED|socket/i.test(text) || e.errCode === -501002) return new ServiceError('NETWORK', text);
  return new ServiceError('INTERNAL', text);
}

export interface Readers {
  total: number;
  readers: Array<{ openid: string; nickname: string; avatarUrl: string }>;
  /** Pass back for the next page; absent on the last page. */
  nextCursor?: string;
}

/** What the client writes: the create rule admits only this shape (pending, as the caller). */
export interface PendingMessage {
  _id: string;
  conversationId: string;
  type: MessageType;
  content?: MessageContent;
  replyTo?: string;
  mentions?: string[];
  clientTime: number;
}

export interface QueryOptions {
  orderBy?: [string, 'asc' | 'desc'];
  limit?: number;
}

/** Once at launch (app.ts): wx.cloud for the configured environment ('' = the default one). */
export function initCloud(envId: string): void {
  if (wx.cloud) wx.cloud.init({ ...(envId ? { env: envId } : {}), traceUser: true });
}

/** wx.cloud of the running mini program (after initCloud). */
export function wxCloud(): CloudLike {
  // The typings' wx.cloud overloads (callbacks or promise) are wider than the promise style used here.
  return wx.cloud as unknown as CloudLike;
}

export class CloudService {
  constructor(private readonly cloud: CloudLike) {}

  get command(): CommandLike {
    return this.cloud.database().command;
  }

  /** Uploads a local (temp) file to cloud storage; resolves to its cloud file id. */
  async uploadFile(cloudPath: string, filePath: string): Promise<string> {
    if (!this.cloud.uploadFile) throw new ServiceError('INTERNAL', 'this cloud has no storage');
    try {
      return (await this.cloud.uploadFile({ cloudPath, filePath })).fileID;
    } catch (err) {
      throw toServiceError(err);
    }
  }

  /** Calls a function and unwraps `{ok, data}`; a transport failure or `{ok:false}` throws ServiceError. */
  async call<T>(name: string, data: object): Promise<T> {
    let result: unknown;
    try {
      result = (await this.cloud.callFunction({ name, data })).result;
    } catch (err) {
      throw toServiceError(err);
    }
    const r = result as { ok?: boolean; data?: T; error?: { code?: AppErrorCode; message?: string; details?: Record<string, unknown> } } | undefined;
    if (r?.ok === true) return r.data as T;
    if (r?.ok === false && r.error?.code) throw new ServiceError(r.error.code, r.error.message ?? r.error.code, r.error.details);
    throw new ServiceError('INTERNAL', `${name}: unexpected answer ${JSON.stringify(result)}`);
  }

  login(): Promise<{ profile: Profile; created: boolean }> {
    return this.call('login', {} satisfies RequestOf<typeof contracts.login>);
  }

  deliver(messageId: string): Promise<DeliveryOutcome> {
    return this.call('deliver', { messageId } satisfies RequestOf<typeof contracts.deliver>);
  }

  receipts(updates: RequestOf<typeof contracts.receipts>['updates']): Promise<ReceiptState[]> {
    return this.call('receipts', { updates });
  }

  readers(conversationId: string, seq: number, cursor?: string): Promise<Readers> {
    return this.call('readers', { conversationId, seq, ...(cursor ? { cursor } : {}) } satisfies RequestOf<typeof contracts.readers>);
  }

  conversations<T>(request: RequestOf<typeof contracts.conversations>): Promise<T> {
    return this.call('conversations', request);
  }

  /** Writes a pending message; the server stamps _openid and writtenAt. */
  async addPendingMessage(message: PendingMessage): Promise<void> {
    const db = this.cloud.database();
    const data: Record<string, unknown> = { ...message, status: 'pending', writtenAt: db.serverDate() };
    for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
    try {
      await db.collection('messages').add({ data });
    } catch (err) {
      throw toServiceError(err);
    }
  }

  async query<T>(collection: string, where: object, options: QueryOptions = {}): Promise<T[]> {
    let q = this.collection(collection).where(where);
    if (options.orderBy) q = q.orderBy(options.orderBy[0], options.orderBy[1]);
    if (options.limit) q = q.limit(options.limit);
    try {
      return (await q.get()).data as T[];
    } catch (err) {
      throw toServiceError(err);
    }
  }

  /** A realtime watch; its errors reach `handlers.onError` as ServiceErrors. */
  watch(collection: string, where: object, options: QueryOptions, handlers: WatchHandlers): WatcherLike {
    let q = this.collection(collection).where(where);
    if (options.orderBy) q = q.orderBy(options.orderBy[0], options.orderBy[1]);
    if (options.limit) q = q.limit(options.limit);
    return q.watch({ onChange: handlers.onChange, onError: (err) => handlers.onError(toServiceError(err)) });
  }

  private collection(name: string): CollectionLike {
    return this.cloud.database().collection(name);
  }
}
