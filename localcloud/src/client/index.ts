// A `wx.cloud`-shaped client for one simulated mini program user, talking to the local cloud:
// Node scripts and tests, and the browser preview (bundled with esbuild; no Node imports on this
// path: fetch and WebSocket are injected or taken from globalThis).
//
//   import WebSocket from 'ws';
//   const cloud = createWxCloud({ baseUrl: localCloud.url, openid: 'alice', WebSocket });
//   cloud.init({ env: localCloud.envId });
//   const db = cloud.database();
//   await db.collection('messages').where({ conversationId: 'c1' }).get();
//   const watcher = db.collection('messages').where({ conversationId: 'c1' }).watch({ onChange, onError });
//   await cloud.callFunction({ name: 'deliver', data: { id } });
//   cloud.faults.setOnline(false);   // requests fail, watches drop, networkStatus listeners fire
//   await cloud.close();             // closes its watches (tests, scripts)
import { check, run, type ApiResult, type Callbacks } from './api';
import { createDatabase, shimRequest, type WxDatabase } from './database';
import {
  deleteFile,
  downloadFile,
  getTempFileURL,
  uploadFile,
  type DeleteOptions,
  type DeleteResult,
  type DownloadOptions,
  type DownloadResult,
  type ReadFile,
  type TempUrlOptions,
  type TempUrlResult,
  type UploadOptions,
  type UploadTask,
} from './storage';

type UploadFileApi = (options: UploadOptions) => UploadTask;
import { Transport, type Faults, type FetchLike, type NetworkStatus, type WebSocketCtor } from './transport';
import { registerTransport, unregisterTransport, WatchClient, type RealtimeSettings } from './watch';

export interface WxCloudOptions {
  /** The local cloud, e.g. http://127.0.0.1:9000 (LocalCloud.url). */
  baseUrl: string;
  /** The simulated user: every request carries it as x-wx-openid, as WeChat vouches for the caller. */
  openid: string;
  appid?: string;
  /** Default env until init({env}) (the local cloud accepts any). */
  env?: string;
  fetch?: FetchLike;
  /** Node: the `ws` package's WebSocket; browsers: omitted (globalThis.WebSocket). */
  WebSocket?: WebSocketCtor;
  /** Turns uploadFile's filePath into bytes (Node: fs.promises.readFile). Default: fetch http/blob/data URLs. */
  readFile?: ReadFile;
  /** Watch reconnect policy after a dropped socket (defaults: 3 attempts, 1 s apart). */
  realtime?: RealtimeSettings;
}

export interface WxCloud {
  init(options?: { env?: string | { database?: string }; traceUser?: boolean }): void;
  database(options?: { env?: string }): WxDatabase;
  callFunction<O extends Callbacks<CallFunctionResult> & { name: string; data?: unknown }>(options: O): ApiResult<CallFunctionResult, O>;
  uploadFile: UploadFileApi;
  downloadFile<O extends DownloadOptions>(options: O): ApiResult<DownloadResult, O>;
  getTempFileURL<O extends TempUrlOptions>(options: O): ApiResult<TempUrlResult, O>;
  deleteFile<O extends DeleteOptions>(options: O): ApiResult<DeleteResult, O>;
  /** Fault injection for tests and the preview. */
  readonly faults: Faults;
  /** For wiring wx.onNetworkStatusChange / wx.getNetworkType in the preview. */
  readonly network: {
    getStatus(): NetworkStatus;
    onStatusChange(listener: (s: NetworkStatus) => void): () => void;
  };
  readonly openid: string;
  /** Not in WeChat: closes this client's watches and forgets it (scripts, tests). */
  close(): Promise<void>;
}

export interface CallFunctionResult {
  result: unknown;
  errMsg: string;
  requestID?: string;
}

export const DEFAULT_APPID = 'wxlocalcloud000001';

export function createWxCloud(options: WxCloudOptions): WxCloud {
  const fetchImpl = options.fetch ?? (globalThis.fetch?.bind(globalThis) as FetchLike | undefined);
  if (!fetchImpl) throw new Error('createWxCloud: no fetch available; pass options.fetch');
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const transport = new Transport(baseUrl, options.openid, options.appid ?? DEFAULT_APPID, fetchImpl, options.WebSocket);
  const key = registerTransport(transport);
  let env = options.env ?? 'local-env';
  let watches: WatchClient | null = null;
  const watchClient = (): WatchClient => (watches ??= new WatchClient(shimRequest(transport, key, env), env, options.realtime ?? {}));

  return {
    openid: options.openid,
    faults: transport,
    network: {
      getStatus: () => transport.networkStatus(),
      onStatusChange: (listener) => transport.onNetworkStatusChange(listener),
    },
    init(initOptions) {
      const e = initOptions?.env;
      if (typeof e === 'string') env = e;
      else if (e && typeof e.database === 'string') env = e.database;
    },
    database(dbOptions) {
      return createDatabase(transport, key, dbOptions?.env ?? env, watchClient());
    },
    callFunction(callOptions) {
      const api = 'cloud.callFunction';
      return run(api, callOptions, async () => {
        if (!callOptions?.name) throw 'name is required';
        const res = check(api, await transport.post('functions.invokeFunction', { function_name: callOptions.name, request_data: JSON.stringify(callOptions.data ?? {}) }));
        const raw = (res.data as { response_data?: unknown } | undefined)?.response_data;
        let result: unknown = raw;
        if (typeof raw === 'string') {
          try {
            result = JSON.parse(raw);
          } catch {
            result = raw;
          }
        }
        return { result, errMsg: `${api}:ok`, requestID: res.requestId };
      });
    },
    uploadFile: (o) => uploadFile(transport, options.readFile, o),
    downloadFile: (o) => downloadFile(transport, o),
    getTempFileURL: (o) => getTempFileURL(transport, o),
    deleteFile: (o) => deleteFile(transport, o),
    async close() {
      await watches?.closeAll();
      transport.dropWatches();
      unregisterTransport(key);
    },
  };
}

export type { Faults, NetworkStatus, WxDatabase };
export type { WxError } from './api';
export type { Snapshot, Watcher } from './watch';
