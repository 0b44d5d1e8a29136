// Loading who stands where in a group and enforcing the permission matrix inside a transaction,
// plus the membership writes every path shares (admit, drop) and the audit entry each leaves.
import { AppError, AppErrorCode } from '../../errors';
import { memberId, newClientId } from '../../ids';
import { decide, GroupOperation, PermissionContext, Role, Standing } from '../../permissions';
import { addToInbox, departedPath } from '../conversations';
import { memberDoc } from '../member-doc';
import { Database, Transaction } from '../database';
import type { GroupDoc, MemberDoc } from './types';
import { defaultNickname } from '../users';

/** A transaction read that answers null for a missing document (the SDK throws). */
export async function tget<T>(t: Transaction, collection: string, id: string): Promise<T | null> {
  try {
    return ((await t.collection(collection).doc(id).get()).data as T) ?? null;
  } catch {
    return null;
  }
}

/** A live group (not a direct chat, not dissolved), or NOT_FOUND. */
export async function liveGroup(t: Transaction, conversationId: string): Promise<GroupDoc> {
  const group = await tget<GroupDoc>(t, 'conversations', conversationId);
  if (!group || group.type !== 'group' || group.dissolvedAt) throw new AppError(AppErrorCode.NOT_FOUND, `group ${conversationId} does not exist`);
  return group;
}

export interface Party {
  openid: string;
  standing: Standing;
  member: MemberDoc | null;
}

export async function partyOf(t: Transaction, conversationId: string, openid: string): Promise<Party> {
  const member = await tget<MemberDoc>(t, 'members', memberId(conversationId, openid));
  if (member) return { openid, standing: member.role, member };
  const banned = await tget(t, 'bans', memberId(conversationId, openid));
  return { openid, standing: banned ? 'banned' : 'none', member: null };
}

/** Throws the matrix's answer as an AppError when the operation is not allowed. */
export function authorize(operation: GroupOperation, ctx: PermissionContext): void {
  const decision = decide(operation, ctx);
  if (!decision.allowed) throw new AppError(AppErrorCode[decision.code], `${operation}: ${decision.reason}`);
}

/** Loads group, actor and (optionally) target in the transaction and checks the matrix; NOT_FOUND for a private group the actor is not in. */
export async function authorized(
  t: Transaction,
  operation: GroupOperation,
  conversationId: string,
  actorId: string,
  targetId?: string,
): Promise<{ group: GroupDoc; actor: Party; target: Party | null }> {
  const group = await liveGroup(t, conversationId);
  const actor = await partyOf(t, conversationId, actorId);
  // A private group does not exist for those outside it: the same answer as a missing group, so
  // no action tells the two apart (NOT_MEMBER would confirm the id).
  if (group.visibility === 'private' && !actor.member) throw new AppError(AppErrorCode.NOT_FOUND, `group ${conversationId} does not exist`);
  const target = targetId === undefined ? null : targetId === actorId ? actor : await partyOf(t, conversationId, targetId);
  authorize(operation, {
    actor: actor.standing,
    target: target?.standing,
    targetIsSelf: targetId !== undefined && targetId === actorId,
    settings: group.settings,
    mutedUntil: actor.member?.mutedUntil,
  });
  return { group, actor, target };
}

export interface AuditEntry {
  conversationId: string;
  actorId: string;
  action: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** The audit entry commits with the change it records. */
export async function audit(db: Database, t: Transaction, entry: AuditEntry): Promise<void> {
  const data: Record<string, unknown> = { conversationId: entry.conversationId, actorId: entry.actorId, action: entry.action, at: db.serverDate() };
  if (entry.targetId) data.targetId = entry.targetId;
  if (entry.details) data.details = entry.details;
  await t.collection('audit_logs').doc(`al_${newClientId()}`).set({ data });
}

/** Adds a member: member doc, count, inbox. The caller has checked policy and bans. */
export async function admit(db: Database, t: Transaction, group: GroupDoc, openid: string, role: Role = 'member'): Promise<void> {
  const user = await tget<{ nickname?: string }>(t, 'users', openid);
  await t
    .collection('members')
    .doc(memberId(group._id, openid))
    .set({ data: memberDoc({ conversationId: group._id, openid, role, nickname: user?.nickname ?? '', seq: group.seq, joinedMs: Date.now() }, db.serverDate()) });
  await t
    .collection('conversations')
    .doc(group._id)
    .update({ data: { memberCount: db.command.inc(1), updatedAt: db.serverDate() } });
  await addToInbox(db, t, openid, group._id);
}

/** Why a membership ended without the person choosing it: what their list and chat then say. */
export type Departure = 'removed' | 'dissolved';

/**
 * The inbox's record of a group I was taken out of (`inboxes.departed.<conversationId>`): once the
 * member document and the inbox entry are gone, the rules hide the group from me, so the list
 * cannot read its name any more; this record is what my phone can still read (its owner's inbox)
 * to draw the row 你已被移出群聊 / 该群已解散 and to close the open chat. Written in the same
 * write that pulls the inbox entry; removed by 删除 (conversations.hide) and by joining again.
 */
export function departedEntry(db: Database, group: { name?: string; avatarUrl?: string }, reason: Departure): Record<string, unknown> {
  return { reason, name: group.name ?? '', avatarUrl: group.avatarUrl ?? '', at: db.serverDate() };
}

/**
 * Drops a member: the member doc and the inbox entry go in the same transaction, so the rules
 * (messages read: member doc; conversations read: inbox) stop the person's reads at once. A
 * removal or ban leaves the departed record (`departure`); leaving by choice leaves nothing.
 */
export async function drop(db: Database, t: Transaction, conversationId: string, openid: string, departure?: Record<string, unknown>): Promise<void> {
  await t.collection('members').doc(memberId(conversationId, openid)).remove();
  await t
    .collection('conversations')
    .doc(conversationId)
    .update({ data: { memberCount: db.command.inc(-1), updatedAt: db.serverDate() } });
  await t
    .collection('inboxes')
    .doc(openid)
    .update({ data: { conversationIds: db.command.pull(conversationId), ...(departure ? { [departedPath(conversationId)]: departure } : {}), updatedAt: db.serverDate() } });
}

/** Nicknames for system lines and lists; missing users read as their id's tail. */
export async function nicknames(db: Database, openids: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(openids.filter(Boolean))];
  const names = new Map<string, string>();
  if (!ids.length) return names;
  const { data } = (await db
    .collection('users')
    .where({ _id: db.command.in(ids) })
    .field({ nickname: true })
    .limit(100)
    .get()) as { data: Array<{ _id: string; nickname?: string }> };
  for (const u of data) names.set(u._id, u.nickname ?? '');
  for (const id of ids) if (!names.get(id)) names.set(id, defaultNickname());
  return names;
}

/**
 * The database seen through the transaction interface, for checks that only read (listing,
 * previews): `db.collection(c).doc(id).get()` has the same shape, without a transaction's cost.
 */
export function reader(db: Database): Transaction {
  return db as unknown as Transaction;
}
