// Opening direct chats, creating and joining groups (the basic path; full group management with
// roles and policies builds on this), and a member's own preferences. Every membership change
// writes the member document, the conversation's memberCount and the user's inbox together.
import { AppError, AppErrorCode } from '../errors';
import { directConversationId, directKey, memberId } from '../ids';
import { Database, findById, runTransaction, Transaction } from './database';
import { insertIfAbsent } from './users';
import { searchTextOf } from './groups/search-text';

export type Role = 'owner' | 'admin' | 'member';

interface ConversationDoc {
  _id: string;
  type: 'group' | 'direct';
  visibility: 'public' | 'private';
  joinPolicy?: 'open' | 'approval' | 'invite';
  seq: number;
  dissolvedAt?: Date;
}

export function memberFields(db: Database, conversationId: string, openid: string, role: Role, seq: number): Record<string, unknown> {
  const now = db.serverDate();
  // No _id here: doc(id).set() takes the id from doc() and the SDK refuses data carrying _id.
  return {
    conversationId,
    openid,
    role,
    lastReadSeq: seq,
    lastDeliveredSeq: seq,
    joinedSeq: seq,
    mutedUntil: 0,
    notify: 'all',
    pinned: false,
    muted: false,
    joinedAt: now,
    updatedAt: now,
  };
}

export async function addToInbox(db: Database, t: Transaction, openid: string, conversationId: string): Promise<void> {
  await t.collection('inboxes').doc(openid).update({ data: { conversationIds: db.command.addToSet(conversationId), updatedAt: db.serverDate() } });
}

export async function openDirect(db: Database, openid: string, peerId: string): Promise<{ conversationId: string; created: boolean }> {
  if (peerId === openid) throw new AppError(AppErrorCode.INVALID_INPUT, 'a direct conversation needs another person');
  const peer = await findById(db, 'users', peerId);
  if (!peer) throw new AppError(AppErrorCode.NOT_FOUND, `user ${peerId} does not exist`);
  const conversationId = directConversationId(openid, peerId);
  if (await findById(db, 'conversations', conversationId)) return { conversationId, created: false };
  const now = db.serverDate();
  const created = await insertIfAbsent(db, 'conversations', {
    _id: conversationId,
    type: 'direct',
    visibility: 'private',
    directKey: directKey(openid, peerId),
    seq: 0,
    lastMessage: null,
    memberCount: 2,
    createdAt: now,
    updatedAt: now,
  });
  if (!created) return { conversationId, created: false };
  await runTransaction(db, async (t) => {
    for (const who of [openid, peerId]) {
      await t.collection('members').doc(memberId(conversationId, who)).set({ data: memberFields(db, conversationId, who, 'member', 0) });
      await addToInbox(db, t, who, conversationId);
    }
  });
  return { conversationId, created: true };
}

export interface NewGroup {
  name: string;
  description?: string;
  visibility: 'public' | 'private';
  category?: string;
  tags?: string[];
}

export async function createGroup(db: Database, openid: string, group: NewGroup): Promise<{ conversationId: string }> {
  const now = db.serverDate();
  const { _id: conversationId } = (await db.collection('conversations').add({
    data: {
      type: 'group',
      name: group.name,
      description: group.description ?? '',
      visibility: group.visibility,
      joinPolicy: 'open',
      category: group.category ?? 'other',
      tags: group.tags ?? [],
      searchText: searchTextOf({ name: group.name, category: group.category ?? 'other', tags: group.tags }),
      ownerId: openid,
      settings: { membersMayInvite: true, historyForNewMembers: true, fileSharing: true, slowModeSeconds: 0, muteAll: false },
      seq: 0,
      lastMessage: null,
      memberCount: 1,
      createdAt: now,
      updatedAt: now,
    },
  })) as { _id: string };
  await runTransaction(db, async (t) => {
    await t.collection('members').doc(memberId(conversationId, openid)).set({ data: memberFields(db, conversationId, openid, 'owner', 0) });
    await addToInbox(db, t, openid, conversationId);
  });
  return { conversationId };
}

/** Joining an open public group; other join policies go through requests and invitations. */
export async function joinGroup(db: Database, openid: string, conversationId: string): Promise<{ conversationId: string; joined: boolean }> {
  return runTransaction(db, async (t) => {
    const conv = (await t.collection('conversations').doc(conversationId).get().catch(() => ({ data: null }))).data as ConversationDoc | null;
    if (!conv || conv.type !== 'group' || conv.dissolvedAt) throw new AppError(AppErrorCode.NOT_FOUND, `group ${conversationId} does not exist`);
    const existing = (await t.collection('members').doc(memberId(conversationId, openid)).get().catch(() => ({ data: null }))).data;
    if (existing) return { conversationId, joined: false };
    // Bans are kept by the groups function; this basic path must honour them too.
    const banned = (await t.collection('bans').doc(memberId(conversationId, openid)).get().catch(() => ({ data: null }))).data;
    if (banned) throw new AppError(AppErrorCode.BANNED, 'banned from this group');
    // A private group does not exist for those who were not invited (groups/join.ts answers the same).
    if (conv.visibility === 'private') throw new AppError(AppErrorCode.NOT_FOUND, `group ${conversationId} does not exist`);
    if ((conv.joinPolicy ?? 'open') !== 'open') {
      throw new AppError(AppErrorCode.FORBIDDEN, 'this group cannot be joined directly');
    }
    await t.collection('members').doc(memberId(conversationId, openid)).set({ data: memberFields(db, conversationId, openid, 'member', conv.seq) });
    await t.collection('conversations').doc(conversationId).update({ data: { memberCount: db.command.inc(1), updatedAt: db.serverDate() } });
    await addToInbox(db, t, openid, conversationId);
    return { conversationId, joined: true };
  });
}

export async function setPreferences(db: Database, openid: string, conversationId: string, prefs: { pinned?: boolean; muted?: boolean }): Promise<void> {
  const id = memberId(conversationId, openid);
  if (!(await findById(db, 'members', id))) throw new AppError(AppErrorCode.NOT_MEMBER, `not a member of ${conversationId}`);
  await db.collection('members').doc(id).update({ data: { ...prefs, updatedAt: db.serverDate() } });
}
