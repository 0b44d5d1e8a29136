// The local cloud's HTTP surface. Each service registers what it answers:
//  - `action` handlers for the wire protocol at POST /admin (wx-server-sdk / node-sdk) and
//    POST /client (the wx.cloud shim), dispatched on the body's `action` field;
//  - plain `route`s for everything else (storage downloads, the console, the client's fault knobs);
//  - `upgrade` handlers for WebSocket endpoints (realtime watch).
import type { IncomingMessage, ServerResponse } from 'http';
import type { Duplex } from 'stream';
import type { CallerIdentity } from '../config';

/** Who is calling: the server SDK (admin: rules bypassed) or a mini program user (rules apply). */
export type Caller = { kind: 'admin'; identity: CallerIdentity } | { kind: 'client'; identity: Required<Pick<CallerIdentity, 'openid' | 'appid'>> & CallerIdentity };

export interface ActionContext {
  caller: Caller;
  requestId: string;
  /** Raw multipart parts when the request was multipart/form-data (wx.openApi sends protobuf). */
  files?: Record<string, Buffer>;
  /** The request URL (query `env`, `seqId`; path `/admin/<invocation token>` from the functions runner). */
  url: URL;
}

/**
 * An action may answer with raw bytes instead of the JSON envelope: wx.openApi answers are a
 * protobuf `CommOpenApiResp` body (node-sdk tcbapirequester.js treats any content type other than
 * `application/json; charset=utf-8` as a buffer).
 */
export class RawResponse {
  constructor(
    readonly body: Buffer,
    readonly contentType: string,
  ) {}
}

/**
 * Fields that CloudBase puts at the top level of the envelope rather than in `data` (e.g.
 * `database.startTransaction` answers `{transactionId, requestId}`: @cloudbase/database
 * transaction/index.js reads `res.transactionId`). Return one from an action to send them.
 */
export class TopLevelResponse {
  constructor(
    readonly fields: Record<string, unknown>,
    readonly data?: unknown,
  ) {}
}

/** An action returns the `data` of CloudBase's `{data, requestId}` envelope, or throws CloudError. */
export type ActionHandler = (params: Record<string, unknown>, ctx: ActionContext) => Promise<unknown>;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export class Router {
  readonly actions = new Map<string, ActionHandler>();
  readonly routes: Array<{ method: string; prefix: string; handler: RouteHandler }> = [];
  readonly upgrades = new Map<string, UpgradeHandler>();

  action(name: string, handler: ActionHandler): void {
    if (this.actions.has(name)) throw new Error(`action ${name} registered twice`);
    this.actions.set(name, handler);
  }

  /** `prefix` matches the URL path exactly or as a leading folder (`/storage` matches `/storage/x`). */
  route(method: string, prefix: string, handler: RouteHandler): void {
    this.routes.push({ method, prefix, handler });
  }

  upgrade(path: string, handler: UpgradeHandler): void {
    this.upgrades.set(path, handler);
  }

  findRoute(method: string, pathname: string): RouteHandler | undefined {
    const hit = this.routes.find((r) => (r.method === method || r.method === '*') && (pathname === r.prefix || pathname.startsWith(r.prefix.endsWith('/') ? r.prefix : r.prefix + '/')));
    return hit?.handler;
  }
}
