// One open conversation's messages: a single bounded watch, the same query for every member
// (broadcast-shaped: `{conversationId, status:'visible'} orderBy seq desc limit 20`), older pages
// by seq, and gap filling by seq after anything that may have lost events (a watch error, a return
// from the background, a seq that skips ahead). Order and resume come from the server's seq, never
// from a phone clock; duplicates are dropped by _id.
// A group may hide its history from new members (settings.historyForNewMembers false): then the
// messages read rule admits only queries that say `seq > joinedSeq` (database/messages.json), so
// every query here carries that floor, asked for again before each (re)open.
import type { MessageDoc } from '../../domain/messages';
import { memberId } from '../../domain/ids';
import type { ConversationDoc, ConversationsStore, MemberDoc } from '../stores/conversations';
import type { CloudService } from './cloud';
import { LiveQuery, type LiveQueryDeps, type LiveState } from './liveQuery';
import type { WatchSnapshot } from './ports';

export const PAGE_SIZE = 20;

export type MessageSource = 'initial' | 'live' | 'gap' | 'older';

export interface RoomSyncEvents {
  /** Messages in ascending seq, each at most once per _id and version (status changes come again). */
  onMessages(docs: MessageDoc[], source: MessageSource): void;
  onState?(state: LiveState, error?: unknown): void;
}

/**
 * Resolves the seq at or below which messages are hidden from me, or null when nothing is. A floor
 * of 0 still counts: the rule then wants `seq > 0` in the query.
 */
export type HistoryFloor = () => Promise<number | null>;

/**
 * My joinedSeq when the group hides history from new members, else null. From the inbox sync's
 * documents; read directly when they have not arrived yet (a room opened right after joining).
 */
export async function historyFloor(cloud: CloudService, store: Pick<ConversationsStore, 'members' | 'conversations'>, conversationId: string, openid: string): Promise<number | null> {
  let member: MemberDoc | undefined = store.members[conversationId];
  let conversation: ConversationDoc | undefined = store.conversations[conversationId];
  if (!conversation) [conversation] = await cloud.query<ConversationDoc>('conversations', { _id: conversationId }, { limit: 1 });
  if (conversation?.settings?.historyForNewMembers !== false) return null;
  if (!member) [member] = await cloud.query<MemberDoc>('members', { _id: memberId(conversationId, openid), openid }, { limit: 1 });
  return member?.joinedSeq ?? 0;
}

export class RoomSync {
  private readonly live: LiveQuery;
  /** Messages with seq <= floor are not mine to read (hidden history); null when nothing is hidden. */
  private floor: number | null = null;
  /** Every seq up to this one has been handed over (or is known not to exist as visible). */
  private newestSeq = 0;
  private oldestSeq = Number.POSITIVE_INFINITY;
  private readonly seen = new Map<string, string>();
  /** Serialises ingestion: gap fills and live snapshots never interleave. */
  private chain: Promise<void> = Promise.resolve();
  private initialDone = false;
  hasOlder = true;

  constructor(
    private readonly cloud: CloudService,
    deps: LiveQueryDeps,
    readonly conversationId: string,
    private readonly events: RoomSyncEvents,
    private readonly historyFloor: HistoryFloor = async () => null,
  ) {
    this.live = new LiveQuery(deps, {
      open: (handlers) => this.cloud.watch('messages', { conversationId, status: 'visible', ...this.aboveFloor() }, { orderBy: ['seq', 'desc'], limit: PAGE_SIZE }, handlers),
      beforeOpen: (resuming) =>
        this.enqueue(async () => {
          this.floor = await this.historyFloor();
          if (resuming && this.newestSeq > 0) await this.fillGap();
        }),
      onSnapshot: (s) => void this.enqueue(() => this.ingestSnapshot(s)).catch(() => this.live.restart()),
      onState: (state, err) => this.events.onState?.(state, err),
    });
  }

  get state(): LiveState {
    return this.live.state;
  }

  /** The highest seq known with nothing missing below it (down to the oldest page loaded). */
  get lastSeq(): number {
    return this.newestSeq;
  }

  start(): void {
    this.live.start();
  }

  stop(): void {
    this.live.stop();
  }

  /** The page of 20 before the oldest loaded message; resolves to how many came. */
  loadOlder(): Promise<number> {
    return this.enqueue(async () => {
      if (!this.hasOlder || !Number.isFinite(this.oldestSeq)) return 0;
      if (this.floor !== null && this.oldestSeq <= this.floor + 1) {
        this.hasOlder = false;
        return 0;
      }
      const _ = this.cloud.command;
      const seq = this.floor !== null ? _.and(_.gt(this.floor), _.lt(this.oldestSeq)) : _.lt(this.oldestSeq);
      const page = await this.cloud.query<MessageDoc>('messages', { conversationId: this.conversationId, status: 'visible', seq }, { orderBy: ['seq', 'desc'], limit: PAGE_SIZE });
      if (page.length < PAGE_SIZE) this.hasOlder = false;
      this.emit(page.reverse(), 'older');
      return page.length;
    });
  }

  /** The seq bound every query needs while history is hidden from me. */
  private aboveFloor(): { seq?: unknown } {
    return this.floor !== null ? { seq: this.cloud.command.gt(this.floor) } : {};
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async ingestSnapshot(snapshot: WatchSnapshot): Promise<void> {
    if (snapshot.type === 'init' && !this.initialDone) {
      this.initialDone = true;
      const docs = visibleAscending(snapshot.docs as unknown as MessageDoc[]);
      if (docs.length < PAGE_SIZE) this.hasOlder = false;
      this.emit(docs, 'initial');
      return;
    }
    // Later inits (after a reopen) and live changes alike: new visible docs, plus status changes
    // (a recall) of docs already shown. A 'dequeue' of a still-visible doc only means it slid out
    // of the 20-message window.
    const changed: MessageDoc[] = [];
    const source = snapshot.type === 'init' ? snapshot.docs : snapshot.docChanges.map((c) => c.doc).filter((d): d is Record<string, unknown> => !!d);
    for (const raw of source) changed.push(raw as unknown as MessageDoc);
    const fresh = visibleAscending(changed);
    const ahead = fresh.find((d) => d.seq! > this.newestSeq);
    // Nothing at or below the floor can be missing: it is not mine to read.
    if (ahead && ahead.seq! > Math.max(this.newestSeq, this.floor ?? 0) + 1) await this.fillGap();
    this.emit(fresh, 'live');
    const updates = changed.filter((d) => d.status !== 'visible' && this.seen.has(d._id));
    if (updates.length) this.emit(updates, 'live');
  }

  /** Pages of 20 by seq after the newest known, until a short page says the hole is closed. */
  private async fillGap(): Promise<void> {
    const _ = this.cloud.command;
    for (;;) {
      const after = Math.max(this.newestSeq, this.floor ?? 0);
      const page = await this.cloud.query<MessageDoc>('messages', { conversationId: this.conversationId, seq: _.gt(after) }, { orderBy: ['seq', 'asc'], limit: PAGE_SIZE });
      // Recalled messages keep their seq: they close the hole even though they are not shown as new.
      const maxSeq = page.reduce((m, d) => Math.max(m, d.seq ?? 0), after);
      this.emit(
        page.filter((d) => d.status === 'visible' || this.seen.has(d._id)),
        'gap',
      );
      this.newestSeq = Math.max(this.newestSeq, maxSeq);
      if (page.length < PAGE_SIZE) return;
    }
  }

  /** Hands over what is new or changed (by _id and status) and moves the seq bounds. */
  private emit(docs: MessageDoc[], source: MessageSource): void {
    const out: MessageDoc[] = [];
    for (const doc of docs) {
      const version = `${doc.status}:${doc.seq ?? ''}`;
      if (this.seen.get(doc._id) === version) continue;
      this.seen.set(doc._id, version);
      out.push(doc);
      if (typeof doc.seq === 'number') {
        if (doc.seq < this.oldestSeq) this.oldestSeq = doc.seq;
        // The live stream and gap fills arrive in seq order, so the newest is contiguous; older pages never move it.
        if (source !== 'older' && doc.seq > this.newestSeq) this.newestSeq = doc.seq;
      }
    }
    if (out.length || source === 'initial') this.events.onMessages(out, source);
  }
}

function visibleAscending(docs: MessageDoc[]): MessageDoc[] {
  return docs.filter((d) => d.status === 'visible' && typeof d.seq === 'number').sort((a, b) => a.seq! - b.seq!);
}
