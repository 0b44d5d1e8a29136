// The platform the messaging engine runs on, as small ports: the mini program fills them from `wx`
// (platform.ts), the browser preview from its wx shim, Node tests from the local cloud's client
// shim and in-memory fakes. Only the shapes the services use are declared, so the real wx.cloud,
// the shim and test doubles all fit.

/** A realtime snapshot as wx.cloud's watch delivers it (see localcloud/src/client/watch.ts). */
export interface WatchSnapshot {
  type?: string;
  docs: Array<Record<string, unknown>>;
  docChanges: Array<{ dataType?: string; queueType?: string; docId?: string; doc?: Record<string, unknown> }>;
}

export interface WatchHandlers {
  onChange(snapshot: WatchSnapshot): void;
  onError(error: unknown): void;
}

export interface WatcherLike {
  close(): Promise<unknown> | void;
}

export interface QueryLike {
  where(condition: object): QueryLike;
  orderBy(field: string, direction: 'asc' | 'desc'): QueryLike;
  limit(n: number): QueryLike;
  get(): Promise<{ data: unknown[] }>;
  watch(handlers: WatchHandlers): WatcherLike;
}

export interface CollectionLike extends QueryLike {
  doc(id: string): { get(): Promise<{ data: unknown }> };
  add(options: { data: Record<string, unknown> }): Promise<{ _id?: string | number }>;
}

/** db.command: only the operators the services use. */
export interface CommandLike {
  in(values: unknown[]): unknown;
  gt(value: unknown): unknown;
  lt(value: unknown): unknown;
  /** Field-level `_.and(_.gt(a), _.lt(b))`; the SDK sends it as a top-level `$and`. */
  and(...conditions: unknown[]): unknown;
}

export interface DatabaseLike {
  command: CommandLike;
  serverDate(): unknown;
  collection(name: string): CollectionLike;
}

/** The part of wx.cloud the services call. */
export interface CloudLike {
  callFunction(options: { name: string; data?: unknown }): Promise<{ result?: unknown }>;
  database(): DatabaseLike;
  /** Cloud storage (avatars); optional so fakes that never upload need not declare it. */
  uploadFile?(options: { cloudPath: string; filePath: string }): Promise<{ fileID: string }>;
}

/** wx.getStorageSync / wx.setStorageSync / wx.removeStorageSync. */
export interface StoragePort {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

/** wx.getNetworkType / wx.onNetworkStatusChange. */
export interface NetworkPort {
  isOnline(): Promise<boolean>;
  /** Returns an unsubscribe function. */
  onChange(listener: (online: boolean) => void): () => void;
}

export type TimerHandle = unknown;

/** Time and randomness, injectable so backoff and debounces are testable. */
export interface ClockPort {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** In [0, 1): the jitter source. */
  random(): number;
}

/** wx.onAppShow / wx.onAppHide: a mini program has no background connection. */
export interface LifecyclePort {
  onShow(listener: () => void): () => void;
  onHide(listener: () => void): () => void;
}

export interface Platform {
  cloud: CloudLike;
  storage: StoragePort;
  network: NetworkPort;
  clock: ClockPort;
  lifecycle: LifecyclePort;
}

export const systemClock: ClockPort = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};
