// An open chat room: feeds the room's timeline (stores/timeline.ts) from its sync (server
// documents: first page, live, gap fill, older pages), from the outbox (local echoes and their
// fate) and, in direct chats, from the peer's member document (delivered/read); sends receipts
// (delivered on arrival in direct chats, read when the page reports what is on screen).
// Data flows one way, into the timeline: when the watch shows one of my messages published, the
// outbox forgets it silently (no announcement back through the outbox).
import type { MessageContent, MessageType } from '../../domain/messages';
import { RoomTimeline } from '../stores/timeline';
import { departureOf, type ConversationsStore } from '../stores/conversations';
import type { CloudService, Readers } from './cloud';
import type { LiveQuery, LiveQueryDeps } from './liveQuery';
import type { Outbox, OutboxEntry } from './outbox';
import { watchPeerReceipts, type ReceiptsBatcher } from './receipts';
import { historyFloor, RoomSync } from './roomSync';

export interface ChatRoomDeps {
  cloud: CloudService;
  live: LiveQueryDeps;
  outbox: Outbox;
  receipts: ReceiptsBatcher;
  conversations: ConversationsStore;
  myOpenid: string;
}

export interface RoomInfo {
  conversationId: string;
  type: 'group' | 'direct';
  peerId?: string;
}

export interface Draft {
  type?: MessageType;
  text?: string;
  content?: MessageContent;
  replyTo?: string;
  mentions?: string[];
}

export class ChatRoom {
  readonly timeline: RoomTimeline;
  private readonly sync: RoomSync;
  private peerWatch: LiveQuery | null = null;
  private unsubscribe: Array<() => void> = [];
  private readSeq = 0;

  constructor(
    private readonly deps: ChatRoomDeps,
    readonly info: RoomInfo,
  ) {
    const direct = info.type === 'direct';
    this.timeline = new RoomTimeline({ conversationId: info.conversationId, myOpenid: deps.myOpenid, direct });
    this.sync = new RoomSync(
      deps.cloud,
      deps.live,
      info.conversationId,
      {
        onMessages: (docs, source) => {
          this.timeline.applyServer(docs, source);
          if (source === 'initial' || source === 'older') this.timeline.setOlderState(false, this.sync.hasOlder);
          let theirs = 0;
          for (const d of docs) {
            if (d.status !== 'visible' || typeof d.seq !== 'number') continue;
            if (d._openid === deps.myOpenid) deps.outbox.forget(d._id);
            else theirs = Math.max(theirs, d.seq);
          }
          if (direct && theirs) deps.receipts.delivered(info.conversationId, theirs);
        },
        onState: (state) => this.timeline.setSyncState(state),
      },
      () => historyFloor(deps.cloud, deps.conversations, info.conversationId, deps.myOpenid),
    );
  }

  get conversationId(): string {
    return this.info.conversationId;
  }

  open(): void {
    for (const entry of this.deps.outbox.entriesFor(this.conversationId)) this.timeline.applyLocal(entry);
    this.unsubscribe.push(
      this.deps.outbox.subscribe((entry) => {
        if (entry.conversationId === this.conversationId) this.timeline.applyLocal(entry);
      }),
    );
    // a group I was removed from (or that was dissolved): nothing to watch, the page says why
    if (departureOf(this.deps.conversations, this.conversationId)) return;
    this.sync.start();
    if (this.info.type === 'direct' && this.info.peerId) {
      this.peerWatch = watchPeerReceipts(this.deps.cloud, this.deps.live, this.conversationId, this.info.peerId, (peer) => this.timeline.setPeerReceipts(peer.lastDeliveredSeq, peer.lastReadSeq));
    }
  }

  /**
   * The conversation is no longer mine (removed, dissolved): its watches stop for good, without a
   * reconnect (the read rule now refuses them); the timeline keeps what is on screen and its
   * connection state becomes 'closed', so no 正在重新连接… line stays.
   */
  end(): void {
    this.sync.stop();
    this.peerWatch?.stop();
    this.peerWatch = null;
  }

  close(): void {
    this.end();
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    this.timeline.dispose();
    void this.deps.receipts.flush();
  }

  send(draft: Draft): OutboxEntry {
    const type = draft.type ?? 'text';
    const content = draft.content ?? (draft.text !== undefined ? { text: draft.text } : undefined);
    return this.deps.outbox.send({
      conversationId: this.conversationId,
      type,
      content,
      replyTo: draft.replyTo,
      mentions: draft.mentions,
      afterSeq: this.timeline.lastSeq,
    });
  }

  resend(id: string): void {
    this.deps.outbox.resend(id);
  }

  /** Scrolling up: the page of 20 before the oldest message shown. */
  async loadOlder(): Promise<number> {
    if (this.timeline.loadingOlder || !this.sync.hasOlder) return 0;
    this.timeline.setOlderState(true, this.sync.hasOlder);
    try {
      return await this.sync.loadOlder();
    } finally {
      this.timeline.setOlderState(false, this.sync.hasOlder);
    }
  }

  /** The page reports the highest seq on screen: read up to there (the unread count clears at once). */
  reportVisible(seq: number): void {
    const upTo = Math.min(seq, this.timeline.lastSeq);
    if (upTo <= this.readSeq) return;
    this.readSeq = upTo;
    this.deps.conversations.markRead(this.conversationId, upTo);
    this.deps.receipts.read(this.conversationId, upTo);
  }

  /** Groups: who read my message at `seq` ("read by k" on tap). */
  readers(seq: number, cursor?: string): Promise<Readers> {
    return this.deps.cloud.readers(this.conversationId, seq, cursor);
  }

  /** Groups: refreshes "read by k" of my newest published message into the timeline. */
  async refreshReadCount(): Promise<void> {
    const mine = this.timeline.newestOwnPublished();
    if (!mine) return;
    const { total } = await this.readers(mine.seq);
    this.timeline.setReadCount(mine.id, total);
  }
}
