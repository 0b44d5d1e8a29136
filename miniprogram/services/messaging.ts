// The messaging engine, one per signed-in user (the app's one is built by root.ts). The app calls start() on
// launch (root.ts, after initCloud in app.ts) with wxPlatform(); tests and the preview pass their own ports.
//
//   const messaging = createMessaging(wxPlatform());
//   await messaging.start();                       // login, outbox restore, live conversation list
//   conversationsStore.rows / totalUnread / badgeText   // bind in the list page; badge via wx.setTabBarBadge
//   const room = await messaging.openRoom(id);     // room.timeline (bind + subscribe), room.send({text})
//   room.reportVisible(seq); room.loadOlder(); room.close();
import type { BackoffPolicy } from './backoff';
import { CloudService } from './cloud';
import { ChatRoom } from './chatRoom';
import { InboxSync } from './inboxSync';
import type { LiveQueryDeps } from './liveQuery';
import { Outbox } from './outbox';
import type { Platform } from './ports';
import { ReceiptsBatcher } from './receipts';
import { signIn, type Session } from './session';
import { conversationsStore, departureOf, peerOf, type ConversationDoc, type ConversationsStore } from '../stores/conversations';

export interface MessagingOptions {
  backoff?: BackoffPolicy;
  receiptDebounceMs?: number;
  /** A watch not started after this long is reopened (default 10 s). */
  watchOpenTimeoutMs?: number;
  /** Defaults to the app's one conversationsStore; tests give each simulated user their own. */
  conversations?: ConversationsStore;
}

export class Messaging {
  readonly cloud: CloudService;
  readonly conversations: ConversationsStore;
  private session: Session | null = null;
  private outboxImpl: Outbox | null = null;
  private receiptsImpl: ReceiptsBatcher | null = null;
  private inbox: InboxSync | null = null;
  private readonly rooms = new Set<ChatRoom>();
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly platform: Platform,
    private readonly options: MessagingOptions = {},
  ) {
    this.cloud = new CloudService(platform.cloud);
    this.conversations = options.conversations ?? conversationsStore;
  }

  private get live(): LiveQueryDeps {
    const { clock, lifecycle, network } = this.platform;
    return { clock, lifecycle, network, backoff: this.options.backoff, openTimeoutMs: this.options.watchOpenTimeoutMs };
  }

  get me(): Session {
    if (!this.session) throw new Error('messaging: call start() first');
    return this.session;
  }

  get outbox(): Outbox {
    if (!this.outboxImpl) throw new Error('messaging: call start() first');
    return this.outboxImpl;
  }

  get receipts(): ReceiptsBatcher {
    if (!this.receiptsImpl) throw new Error('messaging: call start() first');
    return this.receiptsImpl;
  }

  async start(): Promise<Session> {
    const { storage, clock, lifecycle, network } = this.platform;
    this.session = await signIn(this.cloud, storage);
    const openid = this.session.openid;
    this.receiptsImpl = new ReceiptsBatcher({ cloud: this.cloud, clock, lifecycle, backoff: this.options.backoff, debounceMs: this.options.receiptDebounceMs });
    this.receiptsImpl.start();
    this.outboxImpl = new Outbox({ cloud: this.cloud, storage, clock, network, lifecycle, backoff: this.options.backoff }, openid);
    await this.outboxImpl.start();
    this.inbox = new InboxSync(this.cloud, { ...this.live, storage }, openid, this.conversations);
    // A direct chat's new message reached this device: the sender's tick turns to "delivered".
    this.unsubscribe.push(
      this.inbox.onConversations((docs) => {
        for (const c of docs) if (c.type === 'direct' && c.seq > 0 && c.lastMessage?.senderId !== openid) this.receipts.delivered(c._id, c.seq);
      }),
    );
    this.inbox.start();
    return this.session;
  }

  /** Opens a room; the conversation must be one of the user's (its summary tells direct from group). */
  async openRoom(conversationId: string): Promise<ChatRoom> {
    let doc: ConversationDoc | undefined = this.conversations.conversations[conversationId];
    // a departed group is no longer readable: the room opens closed (ChatRoom.open)
    if (!doc && !departureOf(this.conversations, conversationId)) {
      const found = await this.cloud.query<ConversationDoc>('conversations', { _id: conversationId }, { limit: 1 });
      doc = found[0];
    }
    const type = doc?.type ?? 'group';
    const room = new ChatRoom(
      { cloud: this.cloud, live: this.live, outbox: this.outbox, receipts: this.receipts, conversations: this.conversations, myOpenid: this.me.openid },
      { conversationId, type, peerId: doc ? peerOf(doc, this.me.openid) : undefined },
    );
    room.open();
    this.rooms.add(room);
    const close = room.close.bind(room);
    room.close = () => {
      this.rooms.delete(room);
      close();
    };
    return room;
  }

  openDirect(peerId: string): Promise<{ conversationId: string; created: boolean }> {
    return this.cloud.conversations({ action: 'openDirect', peerId });
  }

  setPreferences(conversationId: string, prefs: { pinned?: boolean; muted?: boolean }): Promise<void> {
    return this.cloud.conversations({ action: 'setPreferences', conversationId, ...prefs });
  }

  /** Pull to refresh on the list: the live parts need nothing; names and avatars are read again. */
  async refreshList(): Promise<void> {
    await this.inbox?.refreshProfiles();
  }

  /** 删除 from the list: my row goes until the next message; I stay in the conversation. */
  hideConversation(conversationId: string): Promise<void> {
    return this.cloud.conversations({ action: 'hide', conversationId });
  }

  /** Flushes receipts and closes every watch (tests; the app just hides). */
  async stop(): Promise<void> {
    for (const room of [...this.rooms]) room.close();
    this.inbox?.stop();
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    this.outboxImpl?.stop();
    await this.receiptsImpl?.flush();
    this.receiptsImpl?.stop();
  }
}

export function createMessaging(platform: Platform, options?: MessagingOptions): Messaging {
  return new Messaging(platform, options);
}
