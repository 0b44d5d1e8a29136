// The outbox: every message from the first tap to its final state. A composed message gets its
// client id at once (the idempotency key for every retry) and is shown at once (local echo); it is
// kept in storage per user until delivered, so a restart or a dead network loses nothing.
//
//   queued (offline or waiting to retry) -> sending -> sent (written as pending)
//     -> visible (published, with seq) | held (awaiting review) | blocked (reason) | failed (resend)
// (the timeline's MessageStatus; an entry leaves the outbox once visible). The entry is the
// persisted shape; stores/timeline.ts maps it into the one message type, in one place.
//
// Send = add the pending document with the client id as _id, then call `deliver`. A duplicate-_id
// answer to the add means an earlier attempt landed: go on to deliver, never write a second
// message. Per conversation, messages go strictly one after another (deliver stamps the seq, so
// order on screen is order of composing); network failures retry with jittered backoff for as long
// as it takes and restart at once when the network or the app comes back; refusals (muted, not a
// member) fail without a retry loop; other server errors retry a few times, then fail with resend.
import { newClientId } from '../../domain/ids';
import type { MessageContent, MessageType } from '../../domain/messages';
import type { LocalEcho, MessageReason } from '../stores/timeline';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { ServiceError, toServiceError, type CloudService, type DeliveryOutcome } from './cloud';
import type { ClockPort, LifecyclePort, NetworkPort, StoragePort, TimerHandle } from './ports';

export type OutboxState = LocalEcho['state'];

export interface OutboxEntry extends LocalEcho {
  state: OutboxState;
  /** Why it was blocked or held (the server's code), or why it failed (the error's code). */
  reason?: MessageReason;
  /** The last error: while queued/sent, why it waits (NETWORK, RATE_LIMITED...); when failed, why it failed. */
  errorCode?: string;
  /** While waiting to retry: when the next try is due (epoch ms), so the input bar can count down. */
  retryAt?: number;
  /** RATE_LIMITED waits: which limit ('rate' | 'slow_mode', the server's details.limit). */
  waitLimit?: string;
  /** The pending document is known to be in the database. */
  written: boolean;
  /** Failed attempts since the last success or resend (backoff exponent). */
  attempts: number;
  /** Server (not network) failures: limited. */
  serverFailures: number;
}

export interface Compose {
  conversationId: string;
  type: MessageType;
  content?: MessageContent;
  replyTo?: string;
  mentions?: string[];
  /** The room's newest seq on this device (ordering of local items). */
  afterSeq?: number;
}

export interface OutboxDeps {
  cloud: CloudService;
  storage: StoragePort;
  clock: ClockPort;
  network: NetworkPort;
  lifecycle: LifecyclePort;
  backoff?: BackoffPolicy;
}

const UNFINISHED: ReadonlySet<OutboxState> = new Set<OutboxState>(['queued', 'sending', 'sent']);
const MAX_SERVER_FAILURES = 4;
/** Blocked/held/failed messages kept for display after a restart. */
const MAX_KEPT_FINAL = 100;

export function isUnfinished(entry: OutboxEntry): boolean {
  return UNFINISHED.has(entry.state);
}

export class Outbox {
  private entries: OutboxEntry[] = [];
  private readonly listeners = new Set<(entry: OutboxEntry) => void>();
  private readonly running = new Set<string>();
  private readonly rerun = new Set<string>();
  private readonly timers = new Map<string, TimerHandle>();
  private online = true;
  private lastClientTime = 0;
  private unsubscribe: Array<() => void> = [];
  private readonly storageKey: string;

  constructor(
    private readonly deps: OutboxDeps,
    private readonly openid: string,
  ) {
    this.storageKey = `outbox:${openid}`;
  }

  /** Restores the stored outbox and starts sending what was left. */
  async start(): Promise<void> {
    const stored = this.deps.storage.get<OutboxEntry[]>(this.storageKey) ?? [];
    // A message caught mid-send by a restart: we do not know whether its write landed; the
    // duplicate-_id rule makes the retry safe either way.
    this.entries = stored.map((e) => (e.state === 'sending' ? { ...e, state: e.written ? 'sent' : 'queued' } : e));
    this.lastClientTime = this.entries.reduce((t, e) => Math.max(t, e.clientTime), 0);
    this.unsubscribe = [
      this.deps.network.onChange((online) => {
        this.online = online;
        if (online) this.retryNow();
      }),
      this.deps.lifecycle.onShow(() => this.retryNow()),
    ];
    this.online = await this.deps.network.isOnline();
    this.retryNow();
  }

  stop(): void {
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    for (const t of this.timers.values()) this.deps.clock.clearTimeout(t);
    this.timers.clear();
  }

  subscribe(listener: (entry: OutboxEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entries of one conversation not yet delivered, in compose order (for the room's local echoes). */
  entriesFor(conversationId: string): OutboxEntry[] {
    return this.entries.filter((e) => e.conversationId === conversationId).map((e) => ({ ...e }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Composes and queues a message; the returned entry is the local echo, already announced. */
  send(message: Compose): OutboxEntry {
    // Strictly increasing on this device, so messages composed within one millisecond keep their
    // order among local echoes (clientTime is for display and local order only, never the server's).
    const now = Math.max(this.deps.clock.now(), this.lastClientTime + 1);
    this.lastClientTime = now;
    const entry: OutboxEntry = {
      id: newClientId(now),
      conversationId: message.conversationId,
      senderId: this.openid,
      type: message.type,
      content: message.content,
      replyTo: message.replyTo,
      mentions: message.mentions,
      clientTime: now,
      afterSeq: message.afterSeq ?? 0,
      state: 'queued',
      written: false,
      attempts: 0,
      serverFailures: 0,
    };
    this.entries.push(entry);
    this.changed(entry);
    void this.drain(entry.conversationId);
    return { ...entry };
  }

  /** A failed message, again (the user tapped resend). */
  resend(id: string): void {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry || entry.state !== 'failed') return;
    Object.assign(entry, { state: 'queued', attempts: 0, serverFailures: 0, reason: undefined, errorCode: undefined, retryAt: undefined, waitLimit: undefined });
    this.changed(entry);
    void this.drain(entry.conversationId);
  }

  /**
   * The room saw our message published (e.g. by the sweep after we gave up): the entry leaves the
   * outbox without an announcement, since the timeline already shows the published version.
   */
  forget(id: string): void {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) return;
    entry.state = 'visible';
    this.entries = this.entries.filter((e) => e !== entry);
    this.persist();
  }

  /** Back online or back in the foreground: whatever waits for a retry goes now. */
  retryNow(): void {
    for (const [cid, t] of this.timers) {
      this.deps.clock.clearTimeout(t);
      this.timers.delete(cid);
    }
    for (const cid of new Set(this.entries.filter(isUnfinished).map((e) => e.conversationId))) void this.drain(cid);
  }

  /** Sends one conversation's unfinished entries in order; one runner per conversation. */
  private async drain(conversationId: string): Promise<void> {
    if (this.running.has(conversationId)) {
      this.rerun.add(conversationId);
      return;
    }
    this.running.add(conversationId);
    try {
      for (;;) {
        this.rerun.delete(conversationId);
        if (this.timers.has(conversationId)) return; // a backoff wait is scheduled
        const next = this.entries.find((e) => e.conversationId === conversationId && isUnfinished(e));
        if (!next) return;
        if (!this.online) {
          if (next.state !== 'queued') this.update(next, { state: 'queued' });
          return;
        }
        const settled = await this.attempt(next);
        if (!settled) return;
      }
    } finally {
      this.running.delete(conversationId);
      if (this.rerun.delete(conversationId)) void this.drain(conversationId);
    }
  }

  /** One try at one entry; true when it reached a final state (the next entry may go). */
  private async attempt(entry: OutboxEntry): Promise<boolean> {
    this.update(entry, { state: entry.written ? 'sent' : 'sending' });
    try {
      if (!entry.written) {
        try {
          await this.deps.cloud.addPendingMessage({
            _id: entry.id,
            conversationId: entry.conversationId,
            type: entry.type,
            content: entry.content,
            replyTo: entry.replyTo,
            mentions: entry.mentions,
            clientTime: entry.clientTime,
          });
        } catch (err) {
          if (toServiceError(err).code !== 'DUPLICATE') throw err;
        }
        this.update(entry, { state: 'sent', written: true });
      }
      const outcome = await this.deps.cloud.deliver(entry.id);
      if (outcome.status === 'pending') throw new ServiceError('INTERNAL', `deliver left ${entry.id} pending`);
      this.finish(entry, outcome);
      return true;
    } catch (raw) {
      const err = toServiceError(raw);
      if (entry.state === 'visible') return true; // seen published by the room meanwhile
      if (err.code === 'NOT_FOUND') {
        // deliver found no document: the write did not land after all; write again.
        entry.written = false;
      }
      if (err.code === 'NETWORK') return this.retryLater(entry, 'queued', err.code);
      // Slow mode / rate windows: the message is wanted, only later.
      if (err.code === 'RATE_LIMITED') {
        const limit = err.details?.limit;
        return this.retryLater(entry, entry.written ? 'sent' : 'queued', err.code, err.retryAfterMs, typeof limit === 'string' ? limit : undefined);
      }
      if (err.retryable || err.code === 'NOT_FOUND') {
        entry.serverFailures++;
        if (entry.serverFailures <= MAX_SERVER_FAILURES) return this.retryLater(entry, entry.written ? 'sent' : 'queued', err.code);
      }
      this.update(entry, { state: 'failed', errorCode: err.code, reason: { code: err.code }, retryAt: undefined, waitLimit: undefined });
      return true;
    }
  }

  /** Schedules the conversation's next try; `atLeastMs` is the server's own "retry after". */
  private retryLater(entry: OutboxEntry, state: OutboxState, code: string, atLeastMs = 0, waitLimit?: string): false {
    entry.attempts++;
    const delay = Math.max(atLeastMs, backoffDelay(this.deps.backoff ?? DEFAULT_BACKOFF, entry.attempts, this.deps.clock.random));
    this.update(entry, { state, errorCode: code, retryAt: this.deps.clock.now() + delay, waitLimit });
    const cid = entry.conversationId;
    this.timers.set(
      cid,
      this.deps.clock.setTimeout(() => {
        this.timers.delete(cid);
        void this.drain(cid);
      }, delay),
    );
    return false;
  }

  private finish(entry: OutboxEntry, outcome: DeliveryOutcome): void {
    const state: OutboxState = outcome.status === 'visible' ? 'visible' : outcome.status === 'held' ? 'held' : 'blocked';
    const reason = state === 'visible' ? undefined : { code: outcome.code ?? 'UNKNOWN', ...(outcome.details ? { details: outcome.details } : {}) };
    this.update(entry, { state, seq: outcome.seq, reason, attempts: 0, errorCode: undefined, retryAt: undefined, waitLimit: undefined });
  }

  private update(entry: OutboxEntry, changes: Partial<OutboxEntry>): void {
    Object.assign(entry, changes);
    if (entry.state === 'visible') this.entries = this.entries.filter((e) => e !== entry);
    this.changed(entry);
  }

  private changed(entry: OutboxEntry): void {
    this.persist();
    const copy = { ...entry };
    for (const l of [...this.listeners]) l(copy);
  }

  private persist(): void {
    const finals = this.entries.filter((e) => !isUnfinished(e));
    const keep = finals.length > MAX_KEPT_FINAL ? new Set(finals.slice(-MAX_KEPT_FINAL)) : null;
    this.deps.storage.set(
      this.storageKey,
      this.entries.filter((e) => isUnfinished(e) || !keep || keep.has(e)),
    );
  }
}
