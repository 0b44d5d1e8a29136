// An open chat room: wires the room's store to its sync (published messages), to the outbox
// (local echoes and their fate), to the receipts (delivered on arrival in direct chats, read when
// the page reports what is on screen) and, in direct chats, to the peer's member document (ticks).
import type { MessageContent, MessageType } from '../../domain/messages';
import { createChatStore, type ChatStore } from '../stores/chat';
import type { ConversationsStore } from '../stores/conversations';
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
  readonly store: ChatStore;
  private readonly sync: RoomSync;
  private peerWatch: LiveQuery | null = null;
  private unsubscribe: Array<() => void> = [];
  private readSeq = 0;

  constructor(private readonly deps: ChatRoomDeps, readonly info: RoomInfo) {
    const direct = info.type === 'direct';
    this.store = createChatStore({ conversationId: info.conversationId, myOpenid: deps.myOpenid, direct });
    this.sync = new RoomSync(deps.cloud, deps.live, info.conversationId, {
      onMessages: (docs, source) => {
        this.store.applyServer(docs, source);
        if (source === 'initial' || source === 'older') this.store.setOlderState(false, this.sync.hasOlder);
        let theirs = 0;
        for (const d of docs) {
          if (d.status !== 'visible' || typeof d.seq !== 'number') continue;
          if (d._openid === deps.myOpenid) deps.outbox.acknowledge(d._id, d.seq);
          else theirs = Math.max(theirs, d.seq);
        }
        if (direct && theirs) deps.receipts.delivered(info.conversationId, theirs);
      },
      onState: (state) => this.store.setSyncState(state),
    }, () => historyFloor(deps.cloud, deps.conversations, info.conversationId, deps.myOpenid));
  }

  get conversationId(): string {
    return this.info.conversationId;
  }

  open(): void {
    for (const entry of this.deps.outbox.entriesFor(this.conversationId)) this.store.applyOutbox(entry);
    this.unsubscribe.push(
      this.deps.outbox.subscribe((entry) => {
        if (entry.conversationId === this.conversationId) this.store.applyOutbox(entry);
      }),
    );
    this.sync.start();
    if (this.info.type === 'direct' && this.info.peerId) {
      this.peerWatch = watchPeerReceipts(this.deps.cloud, this.deps.live, this.conversationId, this.info.peerId, (peer) =>
        this.store.setPeerReceipts(peer.lastDeliveredSeq, peer.lastReadSeq),
      );
    }
  }

  close(): void {
    this.sync.stop();
    this.peerWatch?.stop();
    this.peerWatch = null;
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
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
      afterSeq: this.store.lastSeq,
    });
  }

  resend(id: string): void {
    this.deps.outbox.resend(id);
  }

  /** Scrolling up: the page of 20 before the oldest message shown. */
  async loadOlder(): Promise<number> {
    if (this.store.loadingOlder || !this.sync.hasOlder) return 0;
    this.store.setOlderState(true, this.sync.hasOlder);
    try {
      return await this.sync.loadOlder();
    } finally {
      this.store.setOlderState(false, this.sync.hasOlder);
    }
  }

  /** The page reports the highest seq on screen: read up to there (the unread count clears at once). */
  reportVisible(seq: number): void {
    const upTo = Math.min(seq, this.store.lastSeq);
    if (upTo <= this.readSeq) return;
    this.readSeq = upTo;
    this.deps.conversations.markRead(this.conversationId, upTo);
    this.deps.receipts.read(this.conversationId, upTo);
  }

  /** Groups: who read my message at `seq` ("read by k" on tap). */
  readers(seq: number, offset = 0): Promise<Readers> {
    return this.deps.cloud.readers(this.conversationId, seq, offset);
  }
}
