// The CloudBase realtime wire protocol, as @cloudbase/database 1.4.3's client speaks it
// (verified in dist/commonjs/realtime/websocket-client.js and virtual-websocket-client.js):
//  - every frame is JSON `{watchId, requestId, msgType, msgData}`; replies carry the request's
//    `requestId` (the client waits on it), pushes carry the watch's `watchId` (the client routes on it);
//  - LOGIN{envId, accessToken, referrer, sdkVersion, dataVersion} + exMsgData{runtime, signStr,
//    secretVersion} -> LOGIN_RES{envId} (a non-empty msgData.code fails the login);
//  - INIT_WATCH{envId, collName, query, limit, orderBy} -> INIT_EVENT{queryID, currEvent, events};
//    the client stamps every init event with ID = currEvent;
//  - REBUILD_WATCH{queryID, eventID} -> NEXT_EVENT{queryID, currEvent, events with ID > eventID};
//  - pushes: NEXT_EVENT; event IDs must grow by exactly one per change (several events of one
//    change share an ID and become one snapshot), else the client rebuilds;
//  - CHECK_LAST{queryID, eventID} -> CHECK_EVENT{queryID, currEvent};
//  - PING -> PONG; CLOSE_WATCH (no reply); ERROR{code, message} fails the waiting request and
//    closes the watch (codes the client retries on: CHECK_LOGIN_FAILED, SIGN_*; others are final).
//  - Event: {ID, DataType, QueueType, DocID, Doc (JSON string), UpdatedFields (JSON string),
//    removedFields (JSON string; the client reads this lower-case spelling only)}.

export type MsgType = 'LOGIN' | 'LOGIN_RES' | 'INIT_WATCH' | 'INIT_EVENT' | 'REBUILD_WATCH' | 'NEXT_EVENT' | 'CHECK_LAST' | 'CHECK_EVENT' | 'CLOSE_WATCH' | 'PING' | 'PONG' | 'ERROR';

export interface Frame {
  watchId?: string;
  requestId?: string;
  msgType: MsgType;
  msgData: unknown;
  exMsgData?: unknown;
}

export type DataType = 'init' | 'add' | 'update' | 'replace' | 'remove' | 'limit';
export type QueueType = 'init' | 'enqueue' | 'dequeue' | 'update';

/** One change of one document as a watch sees it, before it gets a per-watch ID. */
export interface WatchChange {
  dataType: DataType;
  queueType: QueueType;
  doc: Record<string, unknown> & { _id: string | number };
  updatedFields?: Record<string, unknown>;
  removedFields?: string[];
}

export interface WireEvent {
  ID: number;
  DataType: DataType;
  QueueType: QueueType;
  /** The document's `_id` as stored (a custom id may be a number; the 1.4.3 client compares with ===). */
  DocID: string | number;
  Doc: string;
  UpdatedFields?: string;
  removedFields?: string;
}

/** The full document is always sent: the 1.4.3 client crashes on enqueue/replace events without it. */
export function toWireEvent(id: number, change: WatchChange): WireEvent {
  const event: WireEvent = { ID: id, DataType: change.dataType, QueueType: change.queueType, DocID: change.doc._id, Doc: JSON.stringify(change.doc) };
  if (change.dataType === 'update') {
    event.UpdatedFields = JSON.stringify(change.updatedFields ?? {});
    event.removedFields = JSON.stringify(change.removedFields ?? []);
  }
  return event;
}

/** Error codes sent in ERROR frames (the client's own retry logic keys on the first group). */
export const WatchErrorCodes = {
  SIGN_INVALID: 'SIGN_INVALID_ERROR',
  CHECK_LOGIN_FAILED: 'CHECK_LOGIN_FAILED',
  QUERYID_INVALID: 'QUERYID_INVALID_ERROR',
  /** Over 5,000 matching records (cloudbase-facts.md §3); the code name is ours. */
  EXCEED_MAX_RECORDS: 'DATABASE_REALTIME_LISTENER_EXCEED_MAX_RECORDS',
  INVALID_PARAM: 'INVALID_PARAM',
  SYS_ERR: 'SYS_ERR',
} as const;

export const MAX_WATCH_RECORDS = 5000;
