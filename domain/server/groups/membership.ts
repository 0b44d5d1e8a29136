// Acting on members: leave, remove, ban/unban, mute/unmute, promote/demote, transfer ownership,
// and deleting someone else's message. Every action reads group, actor and target in its
// transaction, asks the permission matrix, and commits the change with its system message (for
// membership and role changes) and its audit entry.
import { AppError, AppErrorCode } from '../../errors';
import { memberId } from '../../ids';
import type { RequestOf } from '../../function';
import type { groups } from '../../contracts/groups';
import type { MessageDoc } from '../../messages';
import { Database, findById, runTransaction } from '../database';
import { publishSystemMessage } from '../deliver';
import { audit, authorized, departedEntry, drop, nicknames, tget } from './access';
import { systemEvent } from './events';
import { muteRespectingBan } from '../safety/bans';
import { relisted } from './member-keys';
import { advanceNow, enqueue, newJob, type JobDoc } from '../jobs';
import { sdkPlatform } from '../safety/platform';

type Req<A extends string> = Extract<RequestOf<typeof groups>, { action: A }>;
type Done = { conversationId: string; openid: string };

/** The leave request's own slice of an erase (the groups function's timeout is 5 s). */
const ERASE_INLINE_MS = 1_500;

/**
 * Leaving. "History cleanup" means: the membership and the inbox entry go at once (the server
 * stops serving the group's messages to you; the client then drops its local copy), and with
 * `eraseMyMessages` every message you wrote there is recalled (status 'recalled', content and
 * mentions removed), so others see "message withdrawn" in its place.
 */
export async function leaveGroup(db: Database, openid: string, req: Req<'leave'>): Promise<{ conversationId: string; erased: number; jobId?: string; status?: string }> {
  const { conversationId } = req;
  const names = await nicknames(db, [openid]);
  await runTransaction(db, async (t) => {
    await authorized(t, 'leave', conversationId, openid);
    await drop(db, t, conversationId, openid);
    await publishSystemMessage(db, t, conversationId, systemEvent('left', names, openid));
    await audit(db, t, { conversationId, actorId: openid, action: 'leave', details: { eraseMyMessages: Boolean(req.eraseMyMessages) } });
  });
  let erased = 0;
  let job: JobDoc | null = null;
  if (req.eraseMyMessages) {
    // A job (`erase_<group>_<openid>`): a long history is recalled in bounded batches; the request
    // does what fits in ERASE_INLINE_MS and the jobs timer the rest.
    const jobId = `erase_${conversationId}_${openid}`;
    // Left, came back and left again: the earlier, finished erase makes room for this one.
    await db.collection('jobs').where({ _id: jobId, status: 'done' }).remove();
    await enqueue(db, jobId, newJob('erase', openid, { conversationId, openid }));
    job = await advanceNow(db, sdkPlatform(), jobId, ERASE_INLINE_MS);
    erased = Number(job?.result?.erased ?? job?.progress.done ?? 0);
  }
  return { conversationId, erased, ...(job ? { jobId: job._id, status: job.status } : {}) };
}

export async function removeMember(db: Database, openid: string, req: Req<'remove'>): Promise<Done> {
  const names = await nicknames(db, [openid, req.openid]);
  await runTransaction(db, async (t) => {
    const { group } = await authorized(t, 'remove', req.conversationId, openid, req.openid);
    const target = await tget(t, 'members', memberId(req.conversationId, req.openid));
    if (!target) throw new AppError(AppErrorCode.NOT_FOUND, `${req.openid} is not a member`);
    await drop(db, t, req.conversationId, req.openid, departedEntry(db, group, 'removed'));
    await publishSystemMessage(db, t, req.conversationId, systemEvent('removed', names, openid, req.openid));
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'remove', targetId: req.openid });
  });
  return { conversationId: req.conversationId, openid: req.openid };
}

/** Bans a member (who is removed) or anyone else (a requester, a past member). */
export async function banUser(db: Database, openid: string, req: Req<'ban'>): Promise<Done> {
  const names = await nicknames(db, [openid, req.openid]);
  const { conversationId } = req;
  await runTransaction(db, async (t) => {
    const { group, target } = await authorized(t, 'ban', conversationId, openid, req.openid);
    if (target?.standing === 'banned') return;
    const ban: Record<string, unknown> = { conversationId, openid: req.openid, bannedBy: openid, createdAt: db.serverDate() };
    if (req.reason) ban.reason = req.reason;
    await t.collection('bans').doc(memberId(conversationId, req.openid)).set({ data: ban });
    if (target?.member) {
      await drop(db, t, conversationId, req.openid, departedEntry(db, group, 'removed'));
      await publishSystemMessage(db, t, conversationId, systemEvent('banned', names, openid, req.openid));
    }
    if (await tget(t, 'join_requests', memberId(conversationId, req.openid))) await t.collection('join_requests').doc(memberId(conversationId, req.openid)).remove();
    await audit(db, t, { conversationId, actorId: openid, action: 'ban', targetId: req.openid, details: { wasMember: Boolean(target?.member), reason: req.reason ?? '' } });
  });
  return { conversationId, openid: req.openid };
}

export async function unbanUser(db: Database, openid: string, req: Req<'unban'>): Promise<Done> {
  await runTransaction(db, async (t) => {
    await authorized(t, 'unban', req.conversationId, openid);
    if (!(await tget(t, 'bans', memberId(req.conversationId, req.openid)))) throw new AppError(AppErrorCode.NOT_FOUND, `${req.openid} is not banned`);
    await t.collection('bans').doc(memberId(req.conversationId, req.openid)).remove();
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'unban', targetId: req.openid });
  });
  return { conversationId: req.conversationId, openid: req.openid };
}

/** Mute until now + minutes (epoch ms in members.mutedUntil, which the messages rule compares with `now`). */
export async function muteMember(db: Database, openid: string, req: Req<'mute'> | Req<'unmute'>): Promise<Done & { mutedUntil: number }> {
  // A global ban is mirrored into mutedUntil (safety/bans.ts): a group unmute must not undo it.
  const mutedUntil = await muteRespectingBan(db, req.openid, req.action === 'mute' ? Date.now() + req.minutes * 60_000 : 0);
  await runTransaction(db, async (t) => {
    const { target } = await authorized(t, 'mute', req.conversationId, openid, req.openid);
    if (!target?.member) throw new AppError(AppErrorCode.NOT_FOUND, `${req.openid} is not a member`);
    await t
      .collection('members')
      .doc(memberId(req.conversationId, req.openid))
      .update({ data: { mutedUntil, updatedAt: db.serverDate() } });
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: req.action, targetId: req.openid, details: { mutedUntil } });
  });
  return { conversationId: req.conversationId, openid: req.openid, mutedUntil };
}

export async function changeRole(db: Database, openid: string, req: Req<'promote'> | Req<'demote'>): Promise<Done & { role: 'admin' | 'member' }> {
  const role = req.action === 'promote' ? 'admin' : 'member';
  const names = await nicknames(db, [openid, req.openid]);
  await runTransaction(db, async (t) => {
    const { target } = await authorized(t, req.action, req.conversationId, openid, req.openid);
    const keyed = target?.member ? { listKey: relisted(target.member, role) } : {};
    await t
      .collection('members')
      .doc(memberId(req.conversationId, req.openid))
      .update({ data: { role, ...keyed, updatedAt: db.serverDate() } });
    await publishSystemMessage(db, t, req.conversationId, systemEvent(req.action === 'promote' ? 'promoted' : 'demoted', names, openid, req.openid));
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: req.action, targetId: req.openid });
  });
  return { conversationId: req.conversationId, openid: req.openid, role };
}

/** The new owner takes over; the old owner stays as an admin. */
export async function transferOwnership(db: Database, openid: string, req: Req<'transfer'>): Promise<Done> {
  const names = await nicknames(db, [openid, req.openid]);
  await runTransaction(db, async (t) => {
    const { actor, target } = await authorized(t, 'transfer', req.conversationId, openid, req.openid);
    const now = db.serverDate();
    const ownerKey = target?.member ? { listKey: relisted(target.member, 'owner') } : {};
    const adminKey = actor.member ? { listKey: relisted(actor.member, 'admin') } : {};
    await t
      .collection('members')
      .doc(memberId(req.conversationId, req.openid))
      .update({ data: { role: 'owner', ...ownerKey, updatedAt: now } });
    await t
      .collection('members')
      .doc(memberId(req.conversationId, openid))
      .update({ data: { role: 'admin', ...adminKey, updatedAt: now } });
    await t
      .collection('conversations')
      .doc(req.conversationId)
      .update({ data: { ownerId: req.openid, updatedAt: now } });
    await publishSystemMessage(db, t, req.conversationId, systemEvent('ownerTransferred', names, openid, req.openid));
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'transfer', targetId: req.openid });
  });
  return { conversationId: req.conversationId, openid: req.openid };
}

/** Withdraws someone else's message: status 'recalled', content removed (watchers see it leave). */
export async function deleteMessage(db: Database, openid: string, req: Req<'deleteMessage'>): Promise<{ conversationId: string; messageId: string }> {
  const message = await findById<MessageDoc>(db, 'messages', req.messageId);
  if (!message || message.conversationId !== req.conversationId) throw new AppError(AppErrorCode.NOT_FOUND, `message ${req.messageId} is not in this group`);
  await runTransaction(db, async (t) => {
    await authorized(t, 'deleteMessage', req.conversationId, openid, message._openid);
    const _ = db.command;
    await t
      .collection('messages')
      .doc(req.messageId)
      .update({ data: { status: 'recalled', content: _.remove(), mentions: _.remove(), editedAt: db.serverDate() } });
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'deleteMessage', targetId: message._openid, details: { messageId: req.messageId, seq: message.seq ?? null } });
  });
  return { conversationId: req.conversationId, messageId: req.messageId };
}
