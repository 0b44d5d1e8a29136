// One open conversation's timeline: the one list the chat page renders, of one message type
// (TimelineMessage) with one status (MessageStatus) in one order (compareMessages). Modelled on
// matrix-js-sdk's room timeline and its EventStatus: a local echo (the outbox's entry) and the
// server's document of the same message share the client id, so the echo becomes its published
// version in place and every message is in the list exactly once.
//
// The two storage shapes are mapped here and nowhere else: the outbox's persisted entry
// (`applyLocal`) and the server's document (`applyServer`). Receipts are kept by seq (the peer's
// delivered/read marks in direct chats) and by id (group read counts), so a receipt for a message
// not loaded yet is applied when the message loads. The slow-mode wait of the room's outbox
// entries is the timeline's `cooldown`.
//
// The list is never re-sent: besides the observable `messages` (replaced on change; bound for the
// first render and read by tests) the timeline emits per-message operations with their index,
// which the page's render window (pages/chat/chat-window.ts) mirrors as setData paths.
import { action, makeObservable, observable } from 'mobx-miniprogram';
import type { MessageContent, MessageDoc, MessageType, ReasonCode, SystemInfo } from '../../domain/messages';
import { Cooldown, type CooldownClock } from './cooldown';
import { toMillis } from './conversations';

/**
 * The one status vocabulary of a message on the phone:
 *   queued (offline or waiting to retry) -> sending -> sent (written, not yet published)
 *     -> visible (published, has a seq) -> delivered -> read (own messages in direct chats)
 *     | held (awaiting review) | blocked (refused, or removed by a moderator) | failed (resend)
 *   recalled: the sender took it back.
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'visible' | 'delivered' | 'read' | 'held' | 'blocked' | 'failed' | 'recalled';

/** In flight: composed on this device, not yet decided by the server. */
const IN_FLIGHT: ReadonlySet<MessageStatus> = new Set<MessageStatus>(['queued', 'sending', 'sent']);
const PUBLISHED: ReadonlySet<MessageStatus> = new Set<MessageStatus>(['visible', 'delivered', 'read']);

/** Why a message is blocked, held or failed: a code (ReasonCode or an error code) and what its words need. */
export interface MessageReason {
  code: ReasonCode | string;
  details?: Record<string, unknown>;
}

export interface TimelineMessage {
  /** The client id: the idempotency key of every send and the server document's _id. */
  id: string;
  /** 0 until the server stamps it. */
  seq: number;
  senderId: string;
  mine: boolean;
  type: MessageType;
  content?: MessageContent;
  replyTo?: string;
  mentions?: string[];
  /** System messages: the event and its parameters, rendered in the reader's language (domain/i18n/system.ts). */
  system?: SystemInfo;
  status: MessageStatus;
  reason?: MessageReason;
  /** The sender's clock when composed (local order among unpublished messages, never the server's). */
  clientTime: number;
  /** Server time of publication when known, else clientTime (display only). */
  time: number;
  /** Unpublished own messages: the room's newest seq when composed (where a held or failed one stays). */
  afterSeq: number;
  /** Groups, own messages: how many other members have read it. */
  readCount?: number;
}

/** The outbox's persisted entry, as far as the timeline reads it (services/outbox.ts extends it). */
export interface LocalEcho {
  id: string;
  conversationId: string;
  senderId: string;
  type: MessageType;
  content?: MessageContent;
  replyTo?: string;
  mentions?: string[];
  clientTime: number;
  afterSeq: number;
  state: Extract<MessageStatus, 'queued' | 'sending' | 'sent' | 'visible' | 'held' | 'blocked' | 'failed'>;
  seq?: number;
  reason?: MessageReason;
  errorCode?: string;
  retryAt?: number;
  waitLimit?: string;
}

export type TimelineOp =
  | { op: 'insert'; index: number; message: TimelineMessage }
  | { op: 'update'; index: number; message: TimelineMessage }
  | { op: 'remove'; index: number }
  | { op: 'prepend'; messages: TimelineMessage[] };

export type SyncState = 'connecting' | 'live' | 'reconnecting' | 'paused' | 'offline' | 'closed';

export function isPublished(m: Pick<TimelineMessage, 'status'>): boolean {
  return PUBLISHED.has(m.status);
}

/** Ordering key: seq when it has one; in flight after the last published; held/blocked/failed where composed. */
function orderKey(m: TimelineMessage): number {
  if (m.seq > 0) return m.seq;
  return IN_FLIGHT.has(m.status) ? Number.POSITIVE_INFINITY : m.afterSeq + 0.5;
}

/** The one order of a conversation; ties (messages without seq) go by compose time, then id. */
export function compareMessages(a: TimelineMessage, b: TimelineMessage): number {
  const ka = orderKey(a);
  const kb = orderKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.clientTime - b.clientTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface TimelineOptions {
  conversationId: string;
  myOpenid: string;
  /** Direct chats show delivered/read from the peer's member document. */
  direct: boolean;
  clock?: CooldownClock;
}

export class RoomTimeline {
  messages: TimelineMessage[] = [];
  hasOlder = true;
  loadingOlder = false;
  syncState: SyncState = 'connecting';
  readonly cooldown: Cooldown;
  private peerDeliveredSeq = 0;
  private peerReadSeq = 0;
  /** Group read counts by message id, kept for messages not loaded yet. */
  private readonly readCounts = new Map<string, number>();
  private readonly waiting = new Map<string, { until: number; limit: string }>();
  private readonly listeners = new Set<(ops: TimelineOp[]) => void>();

  constructor(readonly options: TimelineOptions) {
    this.cooldown = new Cooldown(options.clock);
    makeObservable<RoomTimeline, 'place'>(this, {
      messages: observable.ref,
      hasOlder: observable,
      loadingOlder: observable,
      syncState: observable,
      applyServer: action,
      applyLocal: action,
      setPeerReceipts: action,
      setReadCount: action,
      setSyncState: action,
      setOlderState: action,
      place: action,
    });
  }

  get conversationId(): string {
    return this.options.conversationId;
  }

  /** The newest published seq loaded. */
  get lastSeq(): number {
    for (let i = this.messages.length - 1; i >= 0; i--) if (this.messages[i].seq > 0) return this.messages[i].seq;
    return 0;
  }

  get(id: string): TimelineMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  /** My newest published message (groups: the one "read by k" is shown under). */
  newestOwnPublished(): TimelineMessage | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) if (this.messages[i].mine && this.messages[i].seq > 0 && isPublished(this.messages[i])) return this.messages[i];
    return undefined;
  }

  /** Per-message operations in the order they apply; returns the unsubscribe function. */
  subscribe(listener: (ops: TimelineOp[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Server documents: the first page, live changes, gap fills ('gap') and older pages ('older'). */
  applyServer(docs: MessageDoc[], source: 'initial' | 'live' | 'gap' | 'older'): void {
    const ops: TimelineOp[] = [];
    const incoming = docs.map((d) => this.fromDoc(d, this.messages));
    const firstSeq = this.messages.find((m) => m.seq > 0)?.seq ?? Number.POSITIVE_INFINITY;
    if (source === 'older' && incoming.every((m) => !this.get(m.id) && m.seq > 0 && m.seq < firstSeq)) {
      if (incoming.length) {
        const sorted = incoming.map((m) => this.withReceipts(m)).sort(compareMessages);
        this.messages = [...sorted, ...this.messages];
        ops.push({ op: 'prepend', messages: sorted });
      }
    } else {
      // One copy of the list per batch, not per message: a live batch into 5,000 loaded stays O(n).
      const next = this.messages.slice();
      for (const m of incoming) this.place(m, next, ops);
      if (ops.length) this.messages = next;
    }
    this.emit(ops);
  }

  /** The outbox's entry for this room (its local echo and its fate). */
  applyLocal(entry: LocalEcho): void {
    this.updateCooldown(entry);
    const existing = this.get(entry.id);
    // The published version (from the room's watch) outranks what the outbox reports later.
    if (existing && (isPublished(existing) || existing.status === 'recalled') && entry.state !== 'visible') return;
    const ops: TimelineOp[] = [];
    const next = this.messages.slice();
    const seq = entry.seq ?? existing?.seq ?? 0;
    const reason = entry.reason && typeof entry.reason === 'object' ? entry.reason : entry.errorCode && entry.state === 'failed' ? { code: entry.errorCode } : undefined;
    this.place(
      {
        id: entry.id,
        seq,
        senderId: entry.senderId,
        mine: true,
        type: entry.type,
        ...(entry.content ? { content: entry.content } : {}),
        ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
        ...(entry.mentions ? { mentions: entry.mentions } : {}),
        status: entry.state,
        ...(reason ? { reason } : {}),
        clientTime: entry.clientTime,
        time: existing && existing.time !== existing.clientTime ? existing.time : entry.clientTime,
        afterSeq: existing?.afterSeq ?? entry.afterSeq,
      },
      next,
      ops,
    );
    if (ops.length) this.messages = next;
    this.emit(ops);
  }

  /** Direct chats: the peer's member document (delivered and read up to a seq, loaded or not). */
  setPeerReceipts(deliveredSeq: number, readSeq: number): void {
    if (deliveredSeq <= this.peerDeliveredSeq && readSeq <= this.peerReadSeq) return;
    this.peerDeliveredSeq = Math.max(this.peerDeliveredSeq, deliveredSeq, readSeq);
    this.peerReadSeq = Math.max(this.peerReadSeq, readSeq);
    this.refreshReceipts();
  }

  /** Groups: how many have read my message `id` (kept when it is not loaded yet). */
  setReadCount(id: string, count: number): void {
    this.readCounts.set(id, count);
    this.refreshReceipts();
  }

  setSyncState(state: SyncState): void {
    this.syncState = state;
  }

  setOlderState(loading: boolean, hasOlder: boolean): void {
    this.loadingOlder = loading;
    this.hasOlder = hasOlder;
  }

  /** Stops the cooldown's ticking (the room closed). */
  dispose(): void {
    this.cooldown.set(0, '');
  }

  private fromDoc(doc: MessageDoc, list: TimelineMessage[]): TimelineMessage {
    const existing = list.find((m) => m.id === doc._id);
    const seq = typeof doc.seq === 'number' ? doc.seq : 0;
    const status: MessageStatus = doc.status === 'pending' ? 'sent' : doc.status;
    // A published message that turns blocked was taken down by a moderator (the only way there).
    const reason = status === 'blocked' ? { code: existing && isPublished(existing) ? 'REMOVED' : 'UNKNOWN' } : undefined;
    const createdAt = toMillis(doc.createdAt);
    return {
      id: doc._id,
      seq,
      senderId: doc._openid,
      mine: doc._openid === this.options.myOpenid,
      type: doc.type,
      ...(doc.content ? { content: doc.content } : {}),
      ...(doc.replyTo ? { replyTo: doc.replyTo } : {}),
      ...(doc.mentions ? { mentions: doc.mentions } : {}),
      ...(doc.system ? { system: doc.system } : {}),
      status,
      ...(reason ? { reason } : {}),
      clientTime: doc.clientTime,
      time: createdAt || doc.clientTime,
      afterSeq: existing?.afterSeq ?? (seq ? seq - 1 : 0),
    };
  }

  /** The receipts this device knows, applied to one message (visible -> delivered -> read; read counts). */
  private withReceipts(m: TimelineMessage): TimelineMessage {
    if (!m.mine || !isPublished(m)) return m;
    let out = m;
    if (this.options.direct) {
      const status: MessageStatus = m.seq <= this.peerReadSeq ? 'read' : m.seq <= this.peerDeliveredSeq ? 'delivered' : 'visible';
      if (status !== m.status) out = { ...out, status };
    }
    const count = this.readCounts.get(m.id);
    if (count !== undefined && count !== m.readCount) out = { ...out, readCount: count };
    return out;
  }

  private refreshReceipts(): void {
    const ops: TimelineOp[] = [];
    let next: TimelineMessage[] | null = null;
    this.messages.forEach((m, index) => {
      const updated = this.withReceipts(m);
      if (updated === m) return;
      next ??= this.messages.slice();
      next[index] = updated;
      ops.push({ op: 'update', index, message: updated });
    });
    if (next) this.messages = next;
    this.emit(ops);
  }

  /** Inserts or updates one message at its ordered position in `next` (the caller's copy of the list), recording the operations. */
  private place(incoming: TimelineMessage, next: TimelineMessage[], ops: TimelineOp[]): void {
    const message = this.withReceipts(incoming);
    const at = next.findIndex((m) => m.id === message.id);
    if (at >= 0) {
      if (JSON.stringify(next[at]) === JSON.stringify(message)) return;
      const stays = (at === 0 || compareMessages(next[at - 1], message) <= 0) && (at === next.length - 1 || compareMessages(message, next[at + 1]) <= 0);
      if (stays) {
        next[at] = message;
        ops.push({ op: 'update', index: at, message });
        return;
      }
      next.splice(at, 1);
      ops.push({ op: 'remove', index: at });
    }
    const index = insertionIndex(next, message);
    next.splice(index, 0, message);
    ops.push({ op: 'insert', index, message });
  }

  /** The room's slow-mode / rate wait: the earliest retry of an entry the server asked to wait. */
  private updateCooldown(entry: LocalEcho): void {
    const waits = entry.errorCode === 'RATE_LIMITED' && (entry.state === 'queued' || entry.state === 'sent') && (entry.retryAt ?? 0) > 0;
    if (waits) this.waiting.set(entry.id, { until: entry.retryAt!, limit: entry.waitLimit ?? '' });
    else this.waiting.delete(entry.id);
    let first: { until: number; limit: string } | undefined;
    for (const w of this.waiting.values()) if (!first || w.until < first.until) first = w;
    this.cooldown.set(first?.until ?? 0, first?.limit ?? '');
  }

  private emit(ops: TimelineOp[]): void {
    if (!ops.length) return;
    for (const l of [...this.listeners]) l(ops);
  }
}

function insertionIndex(messages: TimelineMessage[], m: TimelineMessage): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareMessages(messages[mid], m) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
