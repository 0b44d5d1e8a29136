// Joining a group, by its join policy: open public groups directly, 'approval' groups through a
// request an owner or admin decides, 'invite' groups and private groups only with an invitation
// (share token or code). Banned people are refused everywhere; members joining again is a no-op.
import { AppError, AppErrorCode } from '../../errors';
import { memberId } from '../../ids';
import type { RequestOf } from '../../function';
import type { groups } from '../../contracts/groups';
import { Database, rows, runTransaction, type Transaction } from '../database';
import { publishSystemMessage } from '../deliver';
import { admit, audit, authorized, liveGroup, nicknames, partyOf, reader, tget } from './access';
import { systemEvent } from './events';
import { checkRedeemable, resolveInvitation } from './invitations';
import type { GroupDoc, JoinOutcome, JoinRequestDoc, JoinRequestView } from './types';

type Req<A extends string> = Extract<RequestOf<typeof groups>, { action: A }>;

/** Both ways in start the same: the group must be live, a banned person is refused, a member stays. */
async function joiner(t: Transaction, conversationId: string, openid: string): Promise<{ group: GroupDoc; alreadyMember: boolean }> {
  const group = await liveGroup(t, conversationId);
  const me = await partyOf(t, conversationId, openid);
  if (me.standing === 'banned') throw new AppError(AppErrorCode.BANNED, 'banned from this group');
  return { group, alreadyMember: Boolean(me.member) };
}

export async function joinGroup(db: Database, openid: string, req: Req<'join'>): Promise<JoinOutcome> {
  if (req.token || req.code) return joinWithInvitation(db, openid, req);
  if (!req.conversationId) throw new AppError(AppErrorCode.INVALID_INPUT, 'join needs a conversationId, a token or a code');
  const conversationId = req.conversationId;
  const names = await nicknames(db, [openid]);
  return runTransaction(db, async (t) => {
    const { group, alreadyMember } = await joiner(t, conversationId, openid);
    if (alreadyMember) return { conversationId, status: 'member' as const };
    // A private group does not exist for those who were not invited.
    if (group.visibility === 'private') throw new AppError(AppErrorCode.NOT_FOUND, `group ${conversationId} does not exist`);
    const policy = group.joinPolicy ?? 'open';
    if (policy === 'invite') throw new AppError(AppErrorCode.INVITATION_REQUIRED, 'this group takes members by invitation only');
    if (policy === 'approval') {
      const request: Record<string, unknown> = { conversationId, openid, status: 'pending', createdAt: db.serverDate() };
      if (req.note) request.note = req.note;
      await t.collection('join_requests').doc(memberId(conversationId, openid)).set({ data: request });
      return { conversationId, status: 'requested' as const };
    }
    await admit(db, t, group, openid);
    await publishSystemMessage(db, t, conversationId, systemEvent('joined', names, openid, undefined, { via: 'open' }));
    await audit(db, t, { conversationId, actorId: openid, action: 'join', details: { via: 'open' } });
    return { conversationId, status: 'joined' as const };
  });
}

async function joinWithInvitation(db: Database, openid: string, req: Req<'join'>): Promise<JoinOutcome> {
  const invitation = await resolveInvitation(db, req);
  const conversationId = invitation.conversationId;
  if (req.conversationId && req.conversationId !== conversationId) throw new AppError(AppErrorCode.INVITE_INVALID, 'the invitation is for another group');
  const names = await nicknames(db, [openid]);
  return runTransaction(db, async (t) => {
    const { group, alreadyMember } = await joiner(t, conversationId, openid);
    if (alreadyMember) return { conversationId, status: 'member' as const };
    const fresh = await checkRedeemable(t, group, invitation._id, openid);
    await admit(db, t, group, openid);
    await t
      .collection('invitations')
      .doc(fresh._id)
      .update({ data: { uses: db.command.inc(1), usedBy: db.command.push(openid) } });
    const pending = await tget<JoinRequestDoc>(t, 'join_requests', memberId(conversationId, openid));
    if (pending) await t.collection('join_requests').doc(pending._id).remove();
    const via = { via: fresh.kind === 'share' ? 'share' : 'code', inviterId: fresh.inviterId };
    await publishSystemMessage(db, t, conversationId, systemEvent('joined', names, openid, undefined, via));
    await audit(db, t, { conversationId, actorId: openid, action: 'join', details: { ...via, invitationId: fresh._id } });
    return { conversationId, status: 'joined' as const };
  });
}

export async function listRequests(db: Database, openid: string, req: Req<'listRequests'>): Promise<{ requests: JoinRequestView[]; nextOffset?: number }> {
  await authorized(reader(db), 'approve', req.conversationId, openid);
  const offset = req.offset ?? 0;
  const PAGE = 20;
  const found = rows<JoinRequestDoc>(
    await db
      .collection('join_requests')
      .where({ conversationId: req.conversationId, status: 'pending' })
      .orderBy('createdAt', 'asc')
      .skip(offset)
      .limit(PAGE + 1)
      .get(),
  );
  const page = found.slice(0, PAGE);
  const names = await nicknames(
    db,
    page.map((r) => r.openid),
  );
  return {
    requests: page.map((r) => ({ openid: r.openid, nickname: names.get(r.openid) ?? '', note: r.note ?? '', createdAt: r.createdAt })),
    ...(found.length > PAGE ? { nextOffset: offset + PAGE } : {}),
  };
}

export async function decideRequest(db: Database, openid: string, req: Req<'approve'> | Req<'reject'>): Promise<{ conversationId: string; openid: string; status: 'approved' | 'rejected' }> {
  const { conversationId } = req;
  const status = req.action === 'approve' ? ('approved' as const) : ('rejected' as const);
  const names = await nicknames(db, [req.openid]);
  await runTransaction(db, async (t) => {
    const { group } = await authorized(t, 'approve', conversationId, openid);
    const request = await tget<JoinRequestDoc>(t, 'join_requests', memberId(conversationId, req.openid));
    if (!request || request.status !== 'pending') throw new AppError(AppErrorCode.NOT_FOUND, `no pending request from ${req.openid}`);
    await t
      .collection('join_requests')
      .doc(request._id)
      .update({ data: { status, decidedBy: openid, decidedAt: db.serverDate() } });
    if (status === 'approved') {
      const them = await partyOf(t, conversationId, req.openid);
      if (them.standing === 'banned') throw new AppError(AppErrorCode.BANNED, `${req.openid} is banned from this group`);
      if (!them.member) {
        await admit(db, t, group, req.openid);
        await publishSystemMessage(db, t, conversationId, systemEvent('joined', names, req.openid, undefined, { via: 'approval', approvedBy: openid }));
      }
    }
    await audit(db, t, { conversationId, actorId: openid, action: req.action, targetId: req.openid });
  });
  return { conversationId, openid: req.openid, status };
}
