// The conversation list: conversations (server summaries: seq, lastMessage, name) and the user's
// own member documents (lastReadSeq, pinned, muted, hiddenSeq), combined into the rows the list renders.
// Unread = conversation.seq - member.lastReadSeq: server truth, so it is the same on every device
// and after a restart. Muted conversations keep their own count but stay out of the tab badge.
// State is replaced, never mutated in place: mobx-miniprogram-bindings compare references.
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import type { ConversationDoc as StoredConversation, MemberDoc as StoredMember, WireDate } from '../../domain/contracts/documents';

/**
 * The stored documents as the phone receives them: derived from database/*.json in one place
 * (domain/contracts/documents.ts); dates may arrive as Date or as ISO string (a watch's JSON).
 */
export type ConversationDoc = StoredConversation<WireDate>;
export type MemberDoc = StoredMember<WireDate>;

export interface PeerProfile {
  _id: string;
  nickname: string;
  avatarUrl: string;
  /** The nickname with its pinyin, written by the server (domain/server/pinyin-keys.ts): search. */
  searchText?: string;
}

/** Why a membership ended without my choosing (the list's and the chat's words: departed_*). */
export type Departure = 'removed' | 'dissolved';

/**
 * My inbox's record of a group I was removed from or that was dissolved (database/inboxes.json
 * `departed`): once the group is no longer mine to read, this is what names its row.
 */
export interface DepartedRecord {
  reason: Departure;
  name: string;
  avatarUrl?: string;
  at?: WireDate;
}

/** One row of the list, plain data ready for setData. */
export interface ConversationRow {
  id: string;
  type: 'group' | 'direct';
  title: string;
  avatarUrl: string;
  preview: string;
  /** Epoch ms of the last activity (last message, else creation). */
  lastActivity: number;
  unread: number;
  pinned: boolean;
  muted: boolean;
  /** Direct chats: the other person. */
  peerId?: string;
  /** The group is no longer mine: the row says why instead of the last message. */
  departed?: Departure;
}

/** What the cache in storage holds: enough to draw the list offline. */
export interface ConversationsSnapshot {
  conversations: Record<string, ConversationDoc>;
  members: Record<string, MemberDoc>;
  peers: Record<string, PeerProfile>;
  /** Absent in caches written before departures were kept. */
  departed?: Record<string, DepartedRecord>;
}

export function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value) || 0;
  if (value && typeof value === 'object' && '$date' in value) return Number((value as { $date: unknown }).$date) || 0;
  return 0;
}

/**
 * Whether this conversation is no longer mine to use, and why: a group marked dissolved whose
 * membership the dissolve job has not removed yet, or a departed record in my inbox (removed, or
 * dissolved with my membership gone). The chat page, its room and the engine ask here.
 */
export function departureOf(store: Pick<ConversationsStore, 'conversations' | 'members'> & { departed?: ConversationsStore['departed'] }, conversationId: string): Departure | undefined {
  if (store.conversations?.[conversationId]?.dissolvedAt) return 'dissolved';
  return store.members?.[conversationId] ? undefined : store.departed?.[conversationId]?.reason;
}

export function peerOf(conversation: Pick<ConversationDoc, 'directKey' | 'type'>, me: string): string | undefined {
  if (conversation.type !== 'direct' || !conversation.directKey) return undefined;
  return conversation.directKey.split('|').find((id) => id !== me) ?? me;
}

export class ConversationsStore {
  myOpenid = '';
  conversations: Record<string, ConversationDoc> = {};
  members: Record<string, MemberDoc> = {};
  peers: Record<string, PeerProfile> = {};
  departed: Record<string, DepartedRecord> = {};

  constructor() {
    makeObservable(this, {
      myOpenid: observable,
      conversations: observable.ref,
      members: observable.ref,
      peers: observable.ref,
      departed: observable.ref,
      rows: computed,
      totalUnread: computed,
      badgeText: computed,
      setUser: action,
      hydrate: action,
      applyConversations: action,
      applyMembers: action,
      applyPeers: action,
      applyDeparted: action,
      markRead: action,
    });
  }

  /** Sorted rows: pinned first, then by last activity, newest first. */
  get rows(): ConversationRow[] {
    const rows: ConversationRow[] = [];
    for (const member of Object.values(this.members)) {
      const c = this.conversations[member.conversationId];
      if (!c) continue;
      // deleted from my list (conversations.hide) until a message arrives after it
      const hiddenSeq = member.hiddenSeq;
      if (hiddenSeq !== undefined && (c.seq ?? 0) <= hiddenSeq) continue;
      const peerId = peerOf(c, this.myOpenid);
      const peer = peerId ? this.peers[peerId] : undefined;
      rows.push({
        id: c._id,
        type: c.type,
        title: c.type === 'direct' ? (peer?.nickname ?? '') : (c.name ?? ''),
        avatarUrl: (c.type === 'direct' ? peer?.avatarUrl : c.avatarUrl) ?? '',
        preview: c.lastMessage?.preview ?? '',
        lastActivity: toMillis(c.lastMessage?.createdAt) || toMillis(c.updatedAt) || toMillis(c.createdAt),
        // what came before a delete is not counted again when the row comes back (receipts stay true)
        unread: Math.max(0, (c.seq ?? 0) - Math.max(member.lastReadSeq ?? 0, hiddenSeq ?? 0)),
        pinned: !!member.pinned,
        muted: !!member.muted,
        ...(peerId ? { peerId } : {}),
        // dissolved, and the dissolve job has not reached my membership yet
        ...(c.dissolvedAt ? { departed: 'dissolved' as const } : {}),
      });
    }
    for (const [id, record] of Object.entries(this.departed)) {
      if (this.members[id]) continue; // joined again (the server drops the record then too)
      rows.push({
        id,
        type: 'group',
        title: record.name,
        avatarUrl: record.avatarUrl ?? '',
        preview: '',
        lastActivity: toMillis(record.at),
        unread: 0,
        pinned: false,
        muted: false,
        departed: record.reason,
      });
    }
    return rows.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.lastActivity - a.lastActivity || (a.id < b.id ? -1 : 1));
  }

  /** For wx.setTabBarBadge: muted conversations do not count. */
  get totalUnread(): number {
    return this.rows.reduce((n, r) => n + (r.muted ? 0 : r.unread), 0);
  }

  /** '' (remove the badge), '1'..'99', '99+'. */
  get badgeText(): string {
    const n = this.totalUnread;
    return n <= 0 ? '' : n > 99 ? '99+' : String(n);
  }

  unreadOf(conversationId: string): number {
    return this.rows.find((r) => r.id === conversationId)?.unread ?? 0;
  }

  setUser(openid: string): void {
    this.myOpenid = openid;
  }

  hydrate(snapshot: ConversationsSnapshot): void {
    this.conversations = { ...snapshot.conversations };
    this.members = { ...snapshot.members };
    this.peers = { ...snapshot.peers };
    this.departed = { ...snapshot.departed };
  }

  snapshot(): ConversationsSnapshot {
    return { conversations: this.conversations, members: this.members, peers: this.peers, departed: this.departed };
  }

  /** The inbox's departed records, all of them (the watch's document). */
  applyDeparted(records: Record<string, DepartedRecord> | undefined): void {
    this.departed = { ...records };
  }

  /** Full membership as the server has it: conversations not in `ids` are dropped. */
  applyConversations(docs: ConversationDoc[], replaceAll = false): void {
    const next = replaceAll ? {} : { ...this.conversations };
    for (const d of docs) next[d._id] = d;
    this.conversations = next;
  }

  /** `replaceAll`: the watch's full result (a conversation left is gone). */
  applyMembers(docs: MemberDoc[], replaceAll = false): void {
    const next = replaceAll ? {} : { ...this.members };
    for (const d of docs) {
      const prev = this.members[d.conversationId];
      // A local read mark may be ahead of the server's echo; seqs only move forward.
      next[d.conversationId] = prev ? { ...d, lastReadSeq: Math.max(d.lastReadSeq, prev.lastReadSeq) } : d;
    }
    this.members = next;
  }

  applyPeers(profiles: PeerProfile[]): void {
    if (!profiles.length) return;
    const next = { ...this.peers };
    for (const p of profiles) next[p._id] = { _id: p._id, nickname: p.nickname, avatarUrl: p.avatarUrl ?? '', ...(p.searchText ? { searchText: p.searchText } : {}) };
    this.peers = next;
  }

  /** The user read up to `seq` here: the count clears at once, before the server confirms. */
  markRead(conversationId: string, seq: number): void {
    const m = this.members[conversationId];
    if (!m || m.lastReadSeq >= seq) return;
    this.members = { ...this.members, [conversationId]: { ...m, lastReadSeq: seq } };
  }
}

/** A store per signed-in user (tests run several users in one process; the app makes one). */
export function createConversationsStore(): ConversationsStore {
  return new ConversationsStore();
}

/**
 * The app's one instance, fed by services/inboxSync.ts. The list page reads `rows` in an autorun and
 * sends only the rows that changed, by path (a bound field would re-send the whole list).
 */
export const conversationsStore = createConversationsStore();
