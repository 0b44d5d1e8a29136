// Receipts: "delivered up to seq" (reached this device) and "read up to seq" (was on screen), one
// pair per member and conversation (Matrix's read-up-to). Marks are merged per conversation and
// flushed on a short debounce and when the app hides, through the `receipts` function, which
// only moves seqs forward; a failed flush is merged back and retried with backoff.
// Delivered marks are only worth their write where someone looks at them: direct chats (ticks).
// Read marks everywhere: they are what unread counts are computed from, on every device.
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { toServiceError, type CloudService, type ReceiptState } from './cloud';
import { LiveQuery, type LiveQueryDeps } from './liveQuery';
import type { ClockPort, LifecyclePort, TimerHandle } from './ports';
import { memberId } from '../../domain/ids';

export interface ReceiptsDeps {
  cloud: CloudService;
  clock: ClockPort;
  lifecycle: LifecyclePort;
  backoff?: BackoffPolicy;
  /** Wait after the last mark before flushing, ms. */
  debounceMs?: number;
}

interface Marks {
  deliveredSeq: number;
  readSeq: number;
}

/** The receipts function takes at most this many conversations per call. */
const MAX_BATCH = 50;

export class ReceiptsBatcher {
  private pending = new Map<string, Marks>();
  private readonly acked = new Map<string, Marks>();
  private timer: TimerHandle | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<(states: ReceiptState[]) => void>();

  constructor(private readonly deps: ReceiptsDeps) {}

  start(): void {
    this.unsubscribe = this.deps.lifecycle.onHide(() => void this.flush());
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Server answers after each flush (the conversation list applies them to unread counts). */
  subscribe(listener: (states: ReceiptState[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  delivered(conversationId: string, seq: number): void {
    this.mark(conversationId, { deliveredSeq: seq, readSeq: 0 });
  }

  read(conversationId: string, seq: number): void {
    this.mark(conversationId, { deliveredSeq: seq, readSeq: seq });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private mark(conversationId: string, marks: Marks): void {
    const acked = this.acked.get(conversationId) ?? { deliveredSeq: 0, readSeq: 0 };
    const prev = this.pending.get(conversationId) ?? { deliveredSeq: 0, readSeq: 0 };
    const next = { deliveredSeq: Math.max(prev.deliveredSeq, marks.deliveredSeq), readSeq: Math.max(prev.readSeq, marks.readSeq) };
    if (next.deliveredSeq <= acked.deliveredSeq && next.readSeq <= acked.readSeq) return; // nothing new
    this.pending.set(conversationId, next);
    if (this.failures === 0) this.schedule(this.deps.debounceMs ?? 500);
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /** Sends everything marked so far; resolves when the server has it (or the retry is scheduled). */
  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending].slice(0, MAX_BATCH);
    for (const [cid] of batch) this.pending.delete(cid);
    this.flushing = (async () => {
      try {
        const states = await this.deps.cloud.receipts(
          batch.map(([conversationId, m]) => ({ conversationId, ...(m.deliveredSeq ? { deliveredSeq: m.deliveredSeq } : {}), ...(m.readSeq ? { readSeq: m.readSeq } : {}) })),
        );
        this.failures = 0;
        for (const s of states) this.acked.set(s.conversationId, { deliveredSeq: s.lastDeliveredSeq, readSeq: s.lastReadSeq });
        for (const l of [...this.listeners]) l(states);
        if (this.pending.size) this.schedule(0);
      } catch (raw) {
        const err = toServiceError(raw);
        // Refused batches (left the group meanwhile) are dropped; anything else is merged back.
        if (!err.retryable) return;
        for (const [cid, m] of batch) {
          const now = this.pending.get(cid) ?? { deliveredSeq: 0, readSeq: 0 };
          this.pending.set(cid, { deliveredSeq: Math.max(now.deliveredSeq, m.deliveredSeq), readSeq: Math.max(now.readSeq, m.readSeq) });
        }
        this.failures++;
        this.schedule(backoffDelay(this.deps.backoff ?? DEFAULT_BACKOFF, this.failures, this.deps.clock.random));
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }
}

export interface MemberReceipts {
  openid: string;
  lastDeliveredSeq: number;
  lastReadSeq: number;
}

/**
 * A direct chat's ticks: watches the conversation's two member documents (a room-scoped query the
 * members read rule admits) and reports the peer's delivered/read seqs.
 */
export function watchPeerReceipts(cloud: CloudService, deps: LiveQueryDeps, conversationId: string, peerId: string, onPeer: (peer: MemberReceipts) => void): LiveQuery {
  const peerDocId = memberId(conversationId, peerId);
  const live = new LiveQuery(deps, {
    open: (handlers) => cloud.watch('members', { conversationId }, {}, handlers),
    onSnapshot: (snapshot) => {
      const peer = snapshot.docs.find((d) => d._id === peerDocId) as unknown as MemberReceipts | undefined;
      if (peer) onPeer({ openid: peerId, lastDeliveredSeq: peer.lastDeliveredSeq ?? 0, lastReadSeq: peer.lastReadSeq ?? 0 });
    },
  });
  live.start();
  return live;
}
