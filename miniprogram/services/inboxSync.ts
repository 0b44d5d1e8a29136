// Keeps the conversation list live: one watch on the user's own member documents (openid == me:
// lastReadSeq, pinned, muted, and which conversations exist: the same set the inbox lists, written
// in the same transaction), and watches on `conversations` with `_id in [ids]` in chunks (the read
// rule checks each id against the inbox; chunks keep the rule's per-value check bounded). Direct
// chats need the peer's profile for a title: fetched by id, 20 at a time (the client page size).
// My inbox document is watched for its departed records (groups I was removed from or that were
// dissolved: the group itself is then unreadable, the record names the row and closes the chat).
// The list is cached in storage per user, so it draws at once and offline.
import type { CloudService } from './cloud';
import { LiveQuery, type LiveQueryDeps } from './liveQuery';
import type { StoragePort, TimerHandle } from './ports';
import { peerOf, type ConversationDoc, type DepartedRecord, type ConversationsSnapshot, type ConversationsStore, type MemberDoc, type PeerProfile } from '../stores/conversations';

const IDS_PER_WATCH = 100;
const CACHE_DEBOUNCE_MS = 300;

export interface InboxSyncDeps extends LiveQueryDeps {
  storage: StoragePort;
}

export class InboxSync {
  private membersWatch: LiveQuery | null = null;
  private inboxWatch: LiveQuery | null = null;
  private conversationWatches: LiveQuery[] = [];
  private ids: string[] = [];
  private cacheTimer: TimerHandle | null = null;
  private readonly peersAsked = new Set<string>();
  private readonly listeners = new Set<(docs: ConversationDoc[]) => void>();
  private readonly cacheKey: string;

  constructor(
    private readonly cloud: CloudService,
    private readonly deps: InboxSyncDeps,
    private readonly openid: string,
    private readonly store: ConversationsStore,
  ) {
    this.cacheKey = `conversations:${openid}`;
  }

  /** Conversation summaries as they arrive (receipts mark direct chats delivered from them). */
  onConversations(listener: (docs: ConversationDoc[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.store.setUser(this.openid);
    const cached = this.deps.storage.get<ConversationsSnapshot>(this.cacheKey);
    if (cached) this.store.hydrate(cached);
    this.membersWatch = new LiveQuery(this.deps, {
      open: (handlers) => this.cloud.watch('members', { openid: this.openid }, {}, handlers),
      onSnapshot: (snapshot) => {
        const members = snapshot.docs as unknown as MemberDoc[];
        this.store.applyMembers(members, true);
        this.setIds(members.map((m) => m.conversationId));
        this.saveSoon();
      },
    });
    this.membersWatch.start();
    // the inboxes read rule is `doc._id == auth.openid`: the query pins _id to me
    this.inboxWatch = new LiveQuery(this.deps, {
      open: (handlers) => this.cloud.watch('inboxes', { _id: this.openid }, {}, handlers),
      onSnapshot: (snapshot) => {
        const [inbox] = snapshot.docs as unknown as Array<{ departed?: Record<string, DepartedRecord> }>;
        this.store.applyDeparted(inbox?.departed);
        this.saveSoon();
      },
    });
    this.inboxWatch.start();
  }

  stop(): void {
    this.membersWatch?.stop();
    this.membersWatch = null;
    this.inboxWatch?.stop();
    this.inboxWatch = null;
    this.conversationWatches.forEach((w) => w.stop());
    this.conversationWatches = [];
    if (this.cacheTimer !== null) this.deps.clock.clearTimeout(this.cacheTimer);
    this.cacheTimer = null;
    this.save();
  }

  private setIds(ids: string[]): void {
    const sorted = [...new Set(ids)].sort();
    if (sorted.join('\n') === this.ids.join('\n')) return;
    this.ids = sorted;
    const keep = new Set(sorted);
    this.store.applyConversations(
      Object.values(this.store.conversations).filter((c) => keep.has(c._id)),
      true,
    );
    this.conversationWatches.forEach((w) => w.stop());
    this.conversationWatches = [];
    for (let i = 0; i < sorted.length; i += IDS_PER_WATCH) {
      const chunk = sorted.slice(i, i + IDS_PER_WATCH);
      const watch = new LiveQuery(this.deps, {
        open: (handlers) => this.cloud.watch('conversations', { _id: this.cloud.command.in(chunk) }, {}, handlers),
        onSnapshot: (snapshot) => {
          const changed = (snapshot.type === 'init' ? snapshot.docs : snapshot.docChanges.map((c) => c.doc).filter(Boolean)) as unknown as ConversationDoc[];
          this.store.applyConversations(changed);
          void this.fetchPeers(changed);
          for (const l of [...this.listeners]) l(changed);
          this.saveSoon();
        },
      });
      watch.start();
      this.conversationWatches.push(watch);
    }
  }

  /**
   * Pull to refresh: the list itself is live, but the peers' names and avatars are fetched once
   * and cached; read them all again (people rename themselves).
   */
  async refreshProfiles(): Promise<void> {
    const peers = Object.values(this.store.conversations).map((c) => peerOf(c, this.openid));
    const ids = [...new Set(peers.filter((id): id is string => !!id))];
    for (let i = 0; i < ids.length; i += 20) {
      const users = await this.cloud.query<PeerProfile>('users', { _id: this.cloud.command.in(ids.slice(i, i + 20)) }, { limit: 20 });
      this.store.applyPeers(users);
    }
    this.saveSoon();
  }

  private async fetchPeers(conversations: ConversationDoc[]): Promise<void> {
    const missing = conversations.map((c) => peerOf(c, this.openid)).filter((id): id is string => !!id && !this.store.peers[id] && !this.peersAsked.has(id));
    const unique = [...new Set(missing)];
    for (let i = 0; i < unique.length; i += 20) {
      const chunk = unique.slice(i, i + 20);
      chunk.forEach((id) => this.peersAsked.add(id));
      try {
        const users = await this.cloud.query<PeerProfile>('users', { _id: this.cloud.command.in(chunk) }, { limit: 20 });
        this.store.applyPeers(users);
        this.saveSoon();
      } catch {
        // Titles come later: the next snapshot mentioning them asks again.
        chunk.forEach((id) => this.peersAsked.delete(id));
      }
    }
  }

  private saveSoon(): void {
    if (this.cacheTimer !== null) return;
    this.cacheTimer = this.deps.clock.setTimeout(() => {
      this.cacheTimer = null;
      this.save();
    }, CACHE_DEBOUNCE_MS);
  }

  private save(): void {
    this.deps.storage.set(this.cacheKey, this.store.snapshot());
  }
}
