// The realtime endpoint's state: sign tokens handed out by `auth.wsWebSign`, logged-in sockets,
// watch sessions by queryID, and the shared query windows fed by the database's change stream.
import type { WebSocket } from 'ws';
import type { DatabaseService, Query } from '../db/types';
import { decodeEJSON } from '../db/ejson';
import { CloudError, ErrorCodes } from '../errors';
import type { RulesGuard } from '../rules';
import { substituteOpenid } from '../rules';
import { watchSort, type WatchOrder } from './order';
import { WatchErrorCodes, type Frame } from './protocol';
import { QueryWindow, WatchLimitError } from './query-window';
import { newRequestId, WatchDeniedError, WatchSession, type PushTarget } from './session';

/** A watch whose socket dropped is kept this long for REBUILD_WATCH. */
export const DETACHED_WATCH_TTL_MS = 60_000;
/** Sign strings from auth.wsWebSign are valid this long (the 1.4.3 client asks for one per login). */
export const SIGN_TTL_MS = 10 * 60_000;

interface Identity {
  openid: string;
  appid: string;
}

class WatchError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One WebSocket: its login and the watches it carries. */
class Connection implements PushTarget {
  identity: Identity | null = null;
  readonly sessions = new Set<WatchSession>();
  constructor(readonly socket: WebSocket) {}
  send(frame: Frame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}

export class WatchHub {
  private readonly signs = new Map<string, Identity & { expires: number }>();
  private readonly sessions = new Map<string, WatchSession>();
  private readonly windows = new Map<string, QueryWindow>();
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly db: DatabaseService,
    private readonly guard: RulesGuard,
    private readonly envId: string,
  ) {}

  issueSign(identity: Identity): string {
    const now = Date.now();
    for (const [k, v] of this.signs) if (v.expires < now) this.signs.delete(k);
    const sign = newRequestId('sign') + Math.random().toString(36).slice(2);
    this.signs.set(sign, { ...identity, expires: now + SIGN_TTL_MS });
    return sign;
  }

  stats(): { connections: number; watches: number; windows: number } {
    return { connections: this.connections.size, watches: this.sessions.size, windows: this.windows.size };
  }

  onChange = (event: Parameters<Parameters<DatabaseService['onChange']>[0]>[0]): void => {
    for (const w of this.windows.values()) w.apply(event);
  };

  accept(socket: WebSocket): void {
    const conn = new Connection(socket);
    this.connections.add(conn);
    socket.on('message', (raw) => void this.onMessage(conn, raw.toString()));
    socket.on('close', () => this.onClose(conn));
    socket.on('error', () => undefined);
  }

  closeAll(): void {
    for (const c of this.connections) c.socket.terminate();
    for (const s of [...this.sessions.values()]) this.dispose(s);
    this.signs.clear();
  }

  private async onMessage(conn: Connection, raw: string): Promise<void> {
    let frame: Frame;
    try {
      frame = JSON.parse(raw) as Frame;
    } catch {
      conn.send({ msgType: 'ERROR', msgData: { code: WatchErrorCodes.INVALID_PARAM, message: 'frame is not JSON' } });
      return;
    }
    const reply = (msgType: Frame['msgType'], msgData: unknown): void => conn.send({ watchId: frame.watchId, requestId: frame.requestId, msgType, msgData });
    try {
      switch (frame.msgType) {
        case 'PING':
          return reply('PONG', null);
        case 'LOGIN':
          return this.login(conn, frame, reply);
        case 'INIT_WATCH':
          return await this.initWatch(conn, frame, reply);
        case 'REBUILD_WATCH':
          return this.rebuildWatch(conn, frame, reply);
        case 'CHECK_LAST': {
          const session = this.sessionFor(conn, frame);
          return reply('CHECK_EVENT', { queryID: session.queryID, currEvent: session.currentEvent });
        }
        case 'CLOSE_WATCH': {
          const session = [...conn.sessions].find((s) => s.watchId === frame.watchId);
          if (session) this.dispose(session);
          return;
        }
        default:
          throw new WatchError(WatchErrorCodes.INVALID_PARAM, `unexpected msgType ${String(frame.msgType)}`);
      }
    } catch (err) {
      const code = err instanceof WatchError || err instanceof CloudError ? err.code : WatchErrorCodes.SYS_ERR;
      reply('ERROR', { code, message: (err as Error).message });
    }
  }

  private login(conn: Connection, frame: Frame, reply: (t: Frame['msgType'], d: unknown) => void): void {
    const signStr = (frame.exMsgData as { signStr?: unknown } | undefined)?.signStr;
    const sign = typeof signStr === 'string' ? this.signs.get(signStr) : undefined;
    if (!sign || sign.expires < Date.now()) throw new WatchError(WatchErrorCodes.SIGN_INVALID, 'invalid or expired sign; call auth.wsWebSign again');
    conn.identity = { openid: sign.openid, appid: sign.appid };
    reply('LOGIN_RES', { envId: this.envId });
  }

  private async initWatch(conn: Connection, frame: Frame, reply: (t: Frame['msgType'], d: unknown) => void): Promise<void> {
    if (!conn.identity) throw new WatchError(WatchErrorCodes.CHECK_LOGIN_FAILED, 'LOGIN first');
    const data = (frame.msgData ?? {}) as { collName?: unknown; query?: unknown; limit?: unknown; orderBy?: unknown };
    if (typeof data.collName !== 'string' || !data.collName) throw new WatchError(WatchErrorCodes.INVALID_PARAM, 'collName is required');
    if (typeof frame.watchId !== 'string') throw new WatchError(WatchErrorCodes.INVALID_PARAM, 'watchId is required');
    if (!this.db.hasCollection(data.collName)) throw new CloudError(ErrorCodes.COLLECTION_NOT_EXIST, `collection ${data.collName} does not exist`);
    const limit = data.limit === undefined || data.limit === null ? undefined : Number(data.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw new WatchError(WatchErrorCodes.INVALID_PARAM, 'limit must be a positive integer');
    const orderBy = parseOrderBy(data.orderBy);
    const query = substituteOpenid(decodeWatchQuery(data.query), conn.identity.openid);
    // A watch is a read: the query must pass the read rule exactly like a get() (facts §3, §4).
    await this.guard.check({ openid: conn.identity.openid, appid: conn.identity.appid, collection: data.collName, operation: 'read', query });

    // A watch's query runs in production too (its first snapshot): the index advisor sees it.
    this.db.adviseIndexes(data.collName, 'watch', query, orderBy && Object.keys(orderBy).length ? watchSort(orderBy) : undefined, 'client');
    const window = this.windowFor(data.collName, query, orderBy, limit);
    const session = new WatchSession(window, frame.watchId, conn.identity.openid, (s, err) => this.failSession(s, err));
    if (this.guard.readConsultsOtherDocuments(data.collName)) {
      const request = { openid: conn.identity.openid, appid: conn.identity.appid, collection: data.collName, operation: 'read' as const, query };
      session.authorize = () => this.guard.allows(request);
    }
    let docs;
    try {
      docs = await window.join(session);
    } catch (err) {
      this.dropWindowIfIdle(window);
      if (err instanceof WatchLimitError) throw new WatchError(WatchErrorCodes.EXCEED_MAX_RECORDS, err.message);
      throw err;
    }
    this.sessions.set(session.queryID, session);
    this.attach(session, conn);
    reply('INIT_EVENT', session.initPayload(docs));
  }

  private rebuildWatch(conn: Connection, frame: Frame, reply: (t: Frame['msgType'], d: unknown) => void): void {
    if (!conn.identity) throw new WatchError(WatchErrorCodes.CHECK_LOGIN_FAILED, 'LOGIN first');
    const data = (frame.msgData ?? {}) as { queryID?: unknown; eventID?: unknown };
    const session = typeof data.queryID === 'string' ? this.sessions.get(data.queryID) : undefined;
    if (!session || session.openid !== conn.identity.openid) throw new WatchError(WatchErrorCodes.QUERYID_INVALID, `unknown queryID ${String(data.queryID)}`);
    const events = session.eventsSince(Number(data.eventID ?? 0));
    if (!events) {
      this.dispose(session);
      throw new WatchError(WatchErrorCodes.QUERYID_INVALID, 'the watch fell too far behind; start a new watch');
    }
    if (typeof frame.watchId === 'string') session.watchId = frame.watchId;
    this.attach(session, conn);
    reply('NEXT_EVENT', { queryID: session.queryID, currEvent: session.currentEvent, events });
  }

  private sessionFor(conn: Connection, frame: Frame): WatchSession {
    const queryID = (frame.msgData as { queryID?: unknown } | null)?.queryID;
    const session = typeof queryID === 'string' ? this.sessions.get(queryID) : undefined;
    if (!session || !conn.sessions.has(session)) throw new WatchError(WatchErrorCodes.QUERYID_INVALID, `unknown queryID ${String(queryID)}`);
    return session;
  }

  private attach(session: WatchSession, conn: Connection): void {
    if (session.detachedTimer) clearTimeout(session.detachedTimer);
    session.detachedTimer = null;
    session.target = conn;
    conn.sessions.add(session);
  }

  private onClose(conn: Connection): void {
    this.connections.delete(conn);
    for (const session of conn.sessions) {
      if (session.target !== conn) continue;
      session.target = null;
      session.detachedTimer = setTimeout(() => this.dispose(session), DETACHED_WATCH_TTL_MS);
      session.detachedTimer.unref?.();
    }
  }

  private failSession(session: WatchSession, err: Error): void {
    const code = err instanceof WatchLimitError ? WatchErrorCodes.EXCEED_MAX_RECORDS : err instanceof WatchDeniedError ? ErrorCodes.PERMISSION_DENIED : WatchErrorCodes.SYS_ERR;
    session.target?.send({ watchId: session.watchId, requestId: newRequestId('error'), msgType: 'ERROR', msgData: { code, message: err.message } });
    this.dispose(session);
  }

  private dispose(session: WatchSession): void {
    if (session.closed) return;
    session.closed = true;
    if (session.detachedTimer) clearTimeout(session.detachedTimer);
    this.sessions.delete(session.queryID);
    for (const c of this.connections) c.sessions.delete(session);
    session.window.leave(session);
    this.dropWindowIfIdle(session.window);
  }

  private windowFor(collection: string, query: Query, orderBy: WatchOrder | undefined, limit: number | undefined): QueryWindow {
    const key = JSON.stringify([collection, encodeKey(query), orderBy ?? null, limit ?? null]);
    let window = this.windows.get(key);
    if (!window) {
      window = new QueryWindow(this.db, collection, query, watchSort(orderBy), limit);
      this.windows.set(key, window);
      windowKeys.set(window, key);
    }
    return window;
  }

  private dropWindowIfIdle(window: QueryWindow): void {
    if (window.watcherCount > 0) return;
    const key = windowKeys.get(window);
    if (key && this.windows.get(key) === window) this.windows.delete(key);
  }
}

const windowKeys = new WeakMap<QueryWindow, string>();

/** Stable key for a decoded query (Dates and RegExps kept distinct from strings). */
function encodeKey(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = key === '' ? v : this[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (raw instanceof RegExp) return { $regex: raw.source, $flags: raw.flags };
    return v;
  });
}

/**
 * The 1.4.3 client sends `JSON.stringify(fieldFilters)` where fieldFilters is already an EJSON
 * string (query.js `watch`), so a where() query arrives double-encoded, a bare collection watch as
 * `'""'`, and a doc().watch as plain JSON `{"_id": ...}`. Accept all three.
 */
export function decodeWatchQuery(raw: unknown): Query {
  let value: unknown = raw ?? '';
  if (typeof value === 'string') value = value ? decodeEJSON(value) : {};
  if (typeof value === 'string') value = value ? decodeEJSON(value) : {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new WatchError(WatchErrorCodes.INVALID_PARAM, 'query must be an object');
  return value as Query;
}

function parseOrderBy(raw: unknown): WatchOrder | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new WatchError(WatchErrorCodes.INVALID_PARAM, 'orderBy must be {field: "asc" | "desc"}');
  for (const dir of Object.values(value)) {
    if (!['asc', 'desc', 1, -1].includes(dir as string | number)) throw new WatchError(WatchErrorCodes.INVALID_PARAM, 'orderBy directions are "asc" or "desc"');
  }
  return value as WatchOrder;
}
