// Realtime watch for the wx.cloud shim, on the real @cloudbase/database 1.4.3 realtime client
// (RealtimeWebSocketClient + VirtualWebSocketClient: login, INIT/REBUILD_WATCH, CHECK_LAST, ping,
// reconnect-and-rebuild after a dropped socket). What we add around it, never inside node_modules:
//  - one RealtimeWebSocketClient per wx.cloud (the SDK keeps one per process in the static Db.ws,
//    built from whichever query watched first, which would share one socket and one openid among
//    every simulated phone); our own also lets us set reconnect attempts and interval;
//  - Db.wsClass is static too, so it is a dispatcher: the socket URL (rewritten by our request
//    class when `auth.wsWebSign` answers) names the wx.cloud whose WebSocket and faults to use;
//  - we build INIT_WATCH's orderBy ourselves: Query.watch's `order.reduce` throws on the object
//    that Query.orderBy() stores (cloudbase-facts.md §2);
//  - snapshots: `type: 'init'` on the first one (1.4.3 sets it only when the init is empty) and docs
//    sorted by the watch's order (1.4.3 appends every enqueued doc at the end);
//  - onError: 1.4.3 calls it twice for a server ERROR (the raw frame, then a CloudSDKError); the
//    app gets one WeChat-shaped error, once;
//  - unhandled rejections: VirtualWebSocketClient's constructor calls `this.initWatch()` and drops
//    the promise, as do its CHECK_LAST/CHECK_EVENT paths with `rebuildWatch()`; a failed watch
//    (permission denied, missing collection) thus ends in an unhandled rejection besides onError.
//    Both are instance fields assigned in the constructor (`this.initWatch = async ...`), so a
//    setter on the prototype sees the assignment and stores a version whose promise is marked
//    handled (callers that await it still see the rejection).
// The query string keeps the 1.4.3 double encoding (JSON.stringify of the EJSON string); the server
// accepts both encodings.
import { Db } from '@cloudbase/database/dist/commonjs/index';
import { RealtimeWebSocketClient } from '@cloudbase/database/dist/commonjs/realtime/websocket-client';
import { VirtualWebSocketClient } from '@cloudbase/database/dist/commonjs/realtime/virtual-websocket-client';
import { comparator, watchSort, type WatchOrder } from '../realtime/order';
import { makeError, TCB_ERR_CODE, type WxError } from './api';
import type { SocketLike, Transport } from './transport';

const SHIM_PARAM = 'wxcloudShim';
const transports = new Map<string, Transport>();
let nextKey = 0;

/** Db.wsClass: `new Db.wsClass(url)` returns the socket of the wx.cloud named in the URL. */
class DispatchingWebSocket {
  constructor(url: string) {
    const key = new URL(url).searchParams.get(SHIM_PARAM) ?? '';
    const transport = transports.get(key);
    if (!transport) throw new Error(`no wx.cloud shim registered for ${url}`);
    // Returning an object from a constructor makes `new` yield it: the real socket.
    return transport.openSocket(url) as unknown as DispatchingWebSocket;
  }
}
Db.wsClass = DispatchingWebSocket;

for (const name of ['initWatch', 'rebuildWatch']) {
  if (Object.getOwnPropertyDescriptor(VirtualWebSocketClient.prototype, name)) continue;
  Object.defineProperty(VirtualWebSocketClient.prototype, name, {
    configurable: true,
    set(this: object, fn: (...args: unknown[]) => Promise<unknown>) {
      const handled = (...args: unknown[]): Promise<unknown> => {
        const promise = fn.apply(this, args);
        promise.catch(() => undefined);
        return promise;
      };
      Object.defineProperty(this, name, { value: handled, writable: true, configurable: true });
    },
  });
}

export function registerTransport(transport: Transport): string {
  const key = `c${++nextKey}`;
  transports.set(key, transport);
  return key;
}

export function unregisterTransport(key: string): void {
  transports.delete(key);
}

export function socketUrlFor(wsUrl: string, baseUrl: string, key: string): string {
  // Connect where this client reaches the cloud (the preview may sit behind a proxy), on the path
  // the server named.
  const path = new URL(wsUrl).pathname;
  const url = new URL(path, baseUrl.replace(/^http/, 'ws'));
  url.searchParams.set(SHIM_PARAM, key);
  return url.toString();
}

export interface WatchOptions {
  onChange: (snapshot: Snapshot) => void;
  onError: (error: WxError) => void;
}

export interface Snapshot {
  id: number;
  docChanges: Array<Record<string, unknown>>;
  docs: Array<Record<string, unknown>>;
  type?: 'init';
}

export interface Watcher {
  close(): Promise<void>;
}

export interface WatchTarget {
  collectionName: string;
  /** As the 1.4.3 client sends it (see the header). */
  query: string;
  limit?: number;
  orderBy?: WatchOrder;
}

interface VirtualClientLike {
  clearACKSchedule?: () => void;
  clearWaitExpectedEvent?: () => void;
}
interface SdkListener {
  close(): Promise<void>;
  virtualClient?: VirtualClientLike;
}

export interface RealtimeSettings {
  /** Reconnect attempts after a dropped socket before onError (1.4.3 default 5). */
  maxReconnect?: number;
  /** Wait between reconnect attempts, ms (1.4.3 default 10,000). */
  reconnectInterval?: number;
}

export class WatchClient {
  private realtime: RealtimeWebSocketClient | null = null;
  private readonly open = new Set<Watcher>();

  constructor(
    private readonly request: { send(action: string, data: Record<string, unknown>): Promise<unknown> },
    private readonly envId: string,
    private readonly settings: RealtimeSettings,
  ) {}

  watch(target: WatchTarget, options: WatchOptions): Watcher {
    if (!options || typeof options.onChange !== 'function' || typeof options.onError !== 'function') {
      throw makeError('watch:fail onChange and onError must both be functions', -1);
    }
    this.realtime ??= new RealtimeWebSocketClient({
      maxReconnect: this.settings.maxReconnect ?? 3,
      reconnectInterval: this.settings.reconnectInterval ?? 1000,
      context: {
        appConfig: { docSizeLimit: 1000, realtimePingInterval: 10000, realtimePongWaitTimeout: 5000, request: this.request },
      } as never, // the SDK's context type wants fields only the js-sdk's own request has
    });
    const compare = comparator(watchSort(target.orderBy));
    let first = true;
    let failed = false;
    let closed = false;
    const listener = this.realtime.watch({
      envId: this.envId,
      collectionName: target.collectionName,
      query: target.query,
      limit: target.limit,
      orderBy: target.orderBy,
      onChange: (raw: Snapshot & { msgType?: string }) => {
        if (closed) return;
        const snapshot: Snapshot = {
          id: raw.id,
          docChanges: raw.docChanges,
          docs: [...raw.docs].sort(compare),
          ...(first ? { type: 'init' as const } : {}),
        };
        first = false;
        options.onChange(snapshot);
      },
      onError: (e: unknown) => {
        // The raw ERROR frame comes first and a CloudSDKError follows: report the latter, once.
        if (failed || closed || (e && typeof e === 'object' && 'msgType' in e)) return;
        failed = true;
        this.open.delete(watcher);
        options.onError(watchError(e));
      },
    } as never) as unknown as SdkListener; // IWatchOptions in the SDK typings lacks envId/collectionName/query
    const watcher: Watcher = {
      close: async () => {
        if (closed) return;
        closed = true;
        this.open.delete(watcher);
        try {
          await listener.close();
        } finally {
          // closeWatch leaves the CHECK_LAST timer running (it reschedules itself forever).
          listener.virtualClient?.clearACKSchedule?.();
          listener.virtualClient?.clearWaitExpectedEvent?.();
        }
      },
    };
    this.open.add(watcher);
    return watcher;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((w) => w.close().catch(() => undefined)));
    // 3001 "No Realtime Listeners": the one close code after which 1.4.3 does not reconnect.
    (this.realtime as unknown as { close(code: number): void } | null)?.close(3001);
  }
}

/** A CloudSDKError (errCode: SDK_DATABASE_REALTIME_LISTENER_*, errMsg: cause) as a WeChat error. */
function watchError(e: unknown): WxError {
  const sdk = e as { errCode?: string; errMsg?: unknown } | null;
  const cause = sdk?.errMsg as { payload?: { msgData?: { code?: string; message?: string } }; message?: string } | string | undefined;
  const server = typeof cause === 'object' ? cause?.payload?.msgData : undefined;
  const text = server ? `${server.code} ${server.message ?? ''}` : typeof cause === 'string' ? cause : (cause?.message ?? String(e));
  const errCode = server?.code && TCB_ERR_CODE[server.code] !== undefined ? TCB_ERR_CODE[server.code] : (sdk?.errCode ?? -1);
  return makeError(`watch:fail ${sdk?.errCode ?? 'UNKNOWN_ERROR'}: ${text}`.trim(), errCode);
}

export type { SocketLike };
