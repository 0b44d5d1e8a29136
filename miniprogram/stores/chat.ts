// One chat room's window of messages, ready to render: published messages in seq order merged
// with this device's local echoes (same _id: the echo becomes its published version in place).
//
// The list is never re-sent: besides the observable `items` (replaced on change, for the first
// render and for tests), the store emits per-item operations that a page turns into path updates:
//   insert  -> setData({[`messages[${index}]`]: item}) when index is the end (the common case),
//              else the slice from index;
//   update  -> setData({[`messages[${index}].status`]: ...}) for each changed field;
//   remove  -> the slice from index; prepend -> older history (one setData of the new list head).
// Scalars (hasOlder, loadingOlder, syncState) are bound with mobx-miniprogram-bindings as usual.
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import type { MessageContent, MessageDoc, MessageType } from '../../domain/messages';
import type { LiveState } from '../services/liveQuery';
import type { OutboxEntry, OutboxState } from '../services/outbox';
import type { MessageSource } from '../services/roomSync';
import { toMillis } from './conversations';

export type ItemStatus = OutboxState | 'recalled';
/** Direct chats: sent (on the server), delivered (on the peer's device), read. Groups stop at sent. */
export type Tick = 'none' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ChatItem {
  id: string;
  seq?: number;
  senderId: string;
  mine: boolean;
  type: MessageType;
  content?: MessageContent;
  replyTo?: string;
  mentions?: string[];
  status: ItemStatus;
  /** Why it was blocked, held or failed. */
  reason?: string;
  tick: Tick;
  clientTime: number;
  /** Server time of publication, epoch ms (0 until published). */
  createdAt: number;
  /** Where an item without seq sits: after this seq. */
  afterSeq: number;
}

export type ItemOp =
  | { op: 'reset'; items: ChatItem[] }
  | { op: 'insert'; index: number; item: ChatItem }
  | { op: 'update'; index: number; item: ChatItem; changes: Partial<ChatItem> }
  | { op: 'remove'; index: number }
  | { op: 'prepend'; items: ChatItem[] };

const IN_FLIGHT: ReadonlySet<ItemStatus> = new Set<ItemStatus>(['queued', 'sending', 'sent']);

/** Ordering key: seq when published; in-flight echoes at the bottom; held/blocked/failed stay where composed. */
function orderKey(item: ChatItem): number {
  if (typeof item.seq === 'number') return item.seq;
  return IN_FLIGHT.has(item.status) ? Number.POSITIVE_INFINITY : item.afterSeq + 0.5;
}

export function compareItems(a: ChatItem, b: ChatItem): number {
  const ka = orderKey(a);
  const kb = orderKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.clientTime - b.clientTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface ChatStoreOptions {
  conversationId: string;
  myOpenid: string;
  /** Direct chats show delivered/read ticks from the peer's member document. */
  direct: boolean;
}

export class ChatStore {
  items: ChatItem[] = [];
  hasOlder = true;
  loadingOlder = false;
  syncState: LiveState = 'connecting';
  peerDeliveredSeq = 0;
  peerReadSeq = 0;
  private readonly listeners = new Set<(ops: ItemOp[]) => void>();

  constructor(readonly options: ChatStoreOptions) {
    makeObservable(this, {
      items: observable.ref,
      hasOlder: observable,
      loadingOlder: observable,
      syncState: observable,
      peerDeliveredSeq: observable,
      peerReadSeq: observable,
      lastSeq: computed,
      applyServer: action,
      applyOutbox: action,
      setPeerReceipts: action,
      setSyncState: action,
      setOlderState: action,
    });
  }

  get conversationId(): string {
    return this.options.conversationId;
  }

  /** The newest published seq in the window. */
  get lastSeq(): number {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const s = this.items[i].seq;
      if (typeof s === 'number') return s;
    }
    return 0;
  }

  /** Per-item operations, in the order they apply; returns the unsubscribe function. */
  subscribe(listener: (ops: ItemOp[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  applyServer(docs: MessageDoc[], source: MessageSource): void {
    const ops: ItemOp[] = [];
    const incoming = docs.map((d) => this.fromDoc(d));
    const firstSeq = this.items.find((i) => typeof i.seq === 'number')?.seq ?? Number.POSITIVE_INFINITY;
    if (source === 'older' && incoming.every((i) => !this.has(i.id) && (i.seq ?? 0) < firstSeq)) {
      if (incoming.length) {
        this.items = [...incoming, ...this.items];
        ops.push({ op: 'prepend', items: incoming });
      }
    } else {
      for (const item of incoming) this.place(item, ops);
    }
    this.emit(ops);
  }

  applyOutbox(entry: OutboxEntry): void {
    const ops: ItemOp[] = [];
    const existing = this.items.find((i) => i.id === entry.id);
    // The published version (from the room's watch) outranks what the outbox reports later.
    if (existing && (existing.status === 'delivered' || existing.status === 'recalled') && entry.state !== 'delivered') return;
    const item: ChatItem = {
      id: entry.id,
      senderId: entry.senderId,
      mine: true,
      type: entry.type,
      content: entry.content,
      ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
      ...(entry.mentions ? { mentions: entry.mentions } : {}),
      status: entry.state,
      ...(entry.reason ? { reason: entry.reason } : {}),
      tick: 'none',
      clientTime: entry.clientTime,
      createdAt: existing?.createdAt ?? 0,
      afterSeq: existing?.afterSeq ?? entry.afterSeq,
      ...(typeof (entry.seq ?? existing?.seq) === 'number' ? { seq: entry.seq ?? existing?.seq } : {}),
    };
    this.place(item, ops);
    this.emit(ops);
  }

  setPeerReceipts(deliveredSeq: number, readSeq: number): void {
    if (deliveredSeq <= this.peerDeliveredSeq && readSeq <= this.peerReadSeq) return;
    this.peerDeliveredSeq = Math.max(this.peerDeliveredSeq, deliveredSeq, readSeq);
    this.peerReadSeq = Math.max(this.peerReadSeq, readSeq);
    const ops: ItemOp[] = [];
    const next = this.items.slice();
    next.forEach((item, index) => {
      const tick = this.tickOf(item);
      if (tick === item.tick) return;
      next[index] = { ...item, tick };
      ops.push({ op: 'update', index, item: next[index], changes: { tick } });
    });
    if (ops.length) this.items = next;
    this.emit(ops);
  }

  setSyncState(state: LiveState): void {
    this.syncState = state;
  }

  setOlderState(loading: boolean, hasOlder: boolean): void {
    this.loadingOlder = loading;
    this.hasOlder = hasOlder;
  }

  private has(id: string): boolean {
    return this.items.some((i) => i.id === id);
  }

  private fromDoc(doc: MessageDoc): ChatItem {
    const mine = doc._openid === this.options.myOpenid;
    const existing = this.items.find((i) => i.id === doc._id);
    const item: ChatItem = {
      id: doc._id,
      senderId: doc._openid,
      mine,
      type: doc.type,
      content: doc.content,
      ...(doc.replyTo ? { replyTo: doc.replyTo } : {}),
      ...(doc.mentions ? { mentions: doc.mentions } : {}),
      status: doc.status === 'visible' ? 'delivered' : doc.status === 'pending' ? 'sent' : doc.status,
      ...(doc.blockReason ? { reason: doc.blockReason } : {}),
      tick: 'none',
      clientTime: doc.clientTime,
      createdAt: toMillis(doc.createdAt),
      afterSeq: existing?.afterSeq ?? (doc.seq ? doc.seq - 1 : 0),
      ...(typeof doc.seq === 'number' ? { seq: doc.seq } : {}),
    };
    return item;
  }

  private tickOf(item: ChatItem): Tick {
    if (!item.mine) return 'none';
    if (item.status === 'queued' || item.status === 'sending') return 'sending';
    if (item.status === 'failed' || item.status === 'blocked') return 'failed';
    if (item.status !== 'delivered' || typeof item.seq !== 'number' || !this.options.direct) return item.status === 'recalled' ? 'none' : 'sent';
    if (item.seq <= this.peerReadSeq) return 'read';
    if (item.seq <= this.peerDeliveredSeq) return 'delivered';
    return 'sent';
  }

  /** Inserts or updates one item at its ordered position, recording the operations. */
  private place(incoming: ChatItem, ops: ItemOp[]): void {
    const item = { ...incoming, tick: this.tickOf(incoming) };
    const next = this.items.slice();
    const at = next.findIndex((i) => i.id === item.id);
    if (at >= 0) {
      const before = next[at];
      const changes = diff(before, item);
      if (!Object.keys(changes).length) return;
      const stays = (at === 0 || compareItems(next[at - 1], item) <= 0) && (at === next.length - 1 || compareItems(item, next[at + 1]) <= 0);
      if (stays) {
        next[at] = item;
        this.items = next;
        ops.push({ op: 'update', index: at, item, changes });
        return;
      }
      next.splice(at, 1);
      ops.push({ op: 'remove', index: at });
    }
    const index = insertionIndex(next, item);
    next.splice(index, 0, item);
    this.items = next;
    ops.push({ op: 'insert', index, item });
  }

  private emit(ops: ItemOp[]): void {
    if (!ops.length) return;
    for (const l of [...this.listeners]) l(ops);
  }
}

function insertionIndex(items: ChatItem[], item: ChatItem): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareItems(items[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function diff(before: ChatItem, after: ChatItem): Partial<ChatItem> {
  const changes: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof ChatItem>;
  for (const k of keys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changes[k] = after[k];
  }
  return changes as Partial<ChatItem>;
}

/** A store per open room. */
export function createChatStore(options: ChatStoreOptions): ChatStore {
  return new ChatStore(options);
}
