// Opening direct chats and a member's own preferences, and the inbox helper that groups/ uses too
// (groups are created and joined only through the groups function).
import { AppError, AppErrorCode } from '../errors';
import { directConversationId, directKey, memberId } from '../ids';
import { Database, findById, runTransaction, Transaction } from './database';
import { insertIfAbsent } from './users';
import { memberDoc } from './member-doc';

/**
 * The update path of one departed record in an inbox (domain/server/groups/access.ts
 * departedEntry); conversation ids are server-made (`g_` + base36), so never hold a dot.
 */
export function departedPath(conversationId: string): string {
  return `departed.${conversationId}`;
}

/** Joining (again): the id enters the inbox and a departed record of the same group goes. */
export async function addToInbox(db: Database, t: Transaction, openid: string, conversationId: string): Promise<void> {
  await t
    .collection('inboxes')
    .doc(openid)
    .update({ data: { conversationIds: db.command.addToSet(conversationId), [departedPath(conversationId)]: db.command.remove(), updatedAt: db.serverDate() } });
}

export async function openDirect(db: Database, openid: string, peerId: string): Promise<{ conversationId: string; created: boolean }> {
  if (peerId === openid) throw new AppError(AppErrorCode.INVALID_INPUT, 'a direct conversation needs another person');
  const peer = await findById<{ nickname?: string }>(db, 'users', peerId);
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
  const self = await findById<{ nickname?: string }>(db, 'users', openid);
  const nicknames = { [openid]: self?.nickname ?? '', [peerId]: peer.nickname ?? '' };
  const joinedMs = Date.now();
  await runTransaction(db, async (t) => {
    for (const who of [openid, peerId]) {
      await t
        .collection('members')
        .doc(memberId(conversationId, who))
        .set({ data: memberDoc({ conversationId, openid: who, role: 'member', nickname: nicknames[who], seq: 0, joinedMs }, db.serverDate()) });
      await addToInbox(db, t, who, conversationId);
    }
  });
  return { conversationId, created: true };
}

/**
 * 删除 in the list: the conversation leaves my list, not the group (I stay a member, nothing is
 * erased). My member document records the conversation's seq now (read here, never from the
 * phone) and unpins it; the list hides a conversation while its seq is at most that, so the next
 * message brings the row back, as in WeChat. The inbox keeps the id: it is what the conversations
 * read rule consults, and the row must be able to come back without a write per message.
 */
export async function hideConversation(db: Database, openid: string, conversationId: string): Promise<{ hiddenSeq: number }> {
  const id = memberId(conversationId, openid);
  if (!(await findById(db, 'members', id))) return forgetDeparted(db, openid, conversationId);
  const conversation = await findById<{ seq?: number }>(db, 'conversations', conversationId);
  const hiddenSeq = conversation?.seq ?? 0;
  await db
    .collection('members')
    .doc(id)
    .update({ data: { hiddenSeq, pinned: false, updatedAt: db.serverDate() } });
  return { hiddenSeq };
}

/**
 * 删除 on a row that says 你已被移出群聊 / 该群已解散: I am no longer a member, so the row is my
 * inbox's departed record (domain/server/groups/access.ts departedEntry); deleting it removes the
 * record. Anything else is not mine to hide: NOT_MEMBER, as before.
 */
async function forgetDeparted(db: Database, openid: string, conversationId: string): Promise<{ hiddenSeq: number }> {
  const inbox = await findById<{ departed?: Record<string, unknown> }>(db, 'inboxes', openid);
  if (!inbox?.departed || !Object.prototype.hasOwnProperty.call(inbox.departed, conversationId)) throw new AppError(AppErrorCode.NOT_MEMBER, `not a member of ${conversationId}`);
  await db
    .collection('inboxes')
    .doc(openid)
    .update({ data: { [departedPath(conversationId)]: db.command.remove(), updatedAt: db.serverDate() } });
  return { hiddenSeq: 0 };
}

export async function setPreferences(db: Database, openid: string, conversationId: string, prefs: { pinned?: boolean; muted?: boolean }): Promise<void> {
  const id = memberId(conversationId, openid);
  if (!(await findById(db, 'members', id))) throw new AppError(AppErrorCode.NOT_MEMBER, `not a member of ${conversationId}`);
  await db
    .collection('members')
    .doc(id)
    .update({ data: { ...prefs, updatedAt: db.serverDate() } });
}
