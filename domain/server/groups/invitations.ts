// Invitations. A share card carries a signed token in its path: base64url(JSON {c: conversation,
// i: inviter, e: expiry ms, n: nonce}) + '.' + base64url(HMAC-SHA256 of that with a server
// secret). The signature refuses forged and altered tokens without a lookup; the nonce names the
// invitation document, which holds the use limit, who used it (replays), and revocation. A code
// is the same document under a short id a person can type.
import crypto from 'crypto';
import { AppError, AppErrorCode } from '../../errors';
import type { RequestOf } from '../../function';
import { groups, JOIN_PAGE } from '../../contracts/groups';
import { decide } from '../../permissions';
import { Database, findById, runTransaction, Transaction } from '../database';
import { insertIfAbsent } from '../users';
import { audit, authorized, partyOf, reader } from './access';
import type { CreatedInvitation, GroupDoc, InvitationDoc } from './types';

type Req<A extends string> = Extract<RequestOf<typeof groups>, { action: A }>;

const HOUR = 3600_000;
const DEFAULTS = { share: { ttlHours: 24 * 7, maxUses: 50 }, code: { ttlHours: 72, maxUses: 20 } } as const;
/** No 0/O, 1/I/L: codes are read aloud and typed. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

let secretPromise: Promise<Buffer> | undefined;

/** INVITATION_SECRET from the function's environment, else one generated once and kept in server_secrets. */
function secret(db: Database): Promise<Buffer> {
  return (secretPromise ??= (async () => {
    const fromEnv = process.env.INVITATION_SECRET;
    if (fromEnv && fromEnv.length >= 32) return Buffer.from(fromEnv);
    await insertIfAbsent(db, 'server_secrets', { _id: 'invitations', value: crypto.randomBytes(32).toString('base64url'), createdAt: db.serverDate() });
    const doc = await findById<{ value: string }>(db, 'server_secrets', 'invitations');
    if (!doc) throw new AppError(AppErrorCode.INTERNAL, 'invitation secret missing');
    return Buffer.from(doc.value);
  })().catch((err) => {
    secretPromise = undefined;
    throw err;
  }));
}

export interface TokenPayload {
  c: string;
  i: string;
  e: number;
  n: string;
}

function mac(key: Buffer, body: string): string {
  return crypto.createHmac('sha256', key).update(body).digest('base64url');
}

export async function signToken(db: Database, payload: TokenPayload): Promise<string> {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(await secret(db), body)}`;
}

export async function verifyToken(db: Database, token: string): Promise<TokenPayload> {
  const [body, signature] = token.split('.');
  const expected = mac(await secret(db), body);
  const a = Buffer.from(signature ?? '');
  const b = Buffer.from(expected);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new AppError(AppErrorCode.INVITE_INVALID, 'the invitation signature does not match');
  try {
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    if (typeof p.c === 'string' && typeof p.i === 'string' && typeof p.e === 'number' && typeof p.n === 'string') return p;
  } catch {
    // fall through: signed by us but unreadable cannot happen unless the secret leaked
  }
  throw new AppError(AppErrorCode.INVITE_INVALID, 'the invitation is malformed');
}

function newCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export async function createInvitation(db: Database, openid: string, req: Req<'createInvitation'>): Promise<CreatedInvitation> {
  const defaults = DEFAULTS[req.kind];
  const expiresAt = Date.now() + (req.ttlHours ?? defaults.ttlHours) * HOUR;
  const maxUses = req.maxUses ?? defaults.maxUses;
  await authorized(reader(db), 'invite', req.conversationId, openid);
  const doc = { kind: req.kind, conversationId: req.conversationId, inviterId: openid, expiresAt, maxUses, uses: 0, usedBy: [] as string[], createdAt: db.serverDate() };
  let invitationId = '';
  for (let attempt = 0; !invitationId; attempt++) {
    if (attempt > 5) throw new AppError(AppErrorCode.INTERNAL, 'could not pick a unique invitation id');
    const candidate = req.kind === 'code' ? newCode() : crypto.randomBytes(12).toString('base64url');
    if (await insertIfAbsent(db, 'invitations', { _id: candidate, ...doc })) invitationId = candidate;
  }
  await runTransaction(db, (t) => audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'createInvitation', details: { kind: req.kind, invitationId, expiresAt, maxUses } }));
  if (req.kind === 'code') return { invitationId, kind: 'code', code: invitationId, expiresAt, maxUses };
  const token = await signToken(db, { c: req.conversationId, i: openid, e: expiresAt, n: invitationId });
  return { invitationId, kind: 'share', token, path: `${JOIN_PAGE}?token=${token}`, expiresAt, maxUses };
}

/** Finds the invitation a token or code names, refusing forged, expired and revoked ones. */
export async function resolveInvitation(db: Database, by: { token?: string; code?: string }): Promise<InvitationDoc> {
  let invitation: InvitationDoc | null;
  if (by.token) {
    const payload = await verifyToken(db, by.token);
    if (payload.e < Date.now()) throw new AppError(AppErrorCode.INVITE_EXPIRED, 'the invitation has expired');
    invitation = await findById<InvitationDoc>(db, 'invitations', payload.n);
    if (!invitation || invitation.kind !== 'share' || invitation.conversationId !== payload.c || invitation.inviterId !== payload.i) {
      throw new AppError(AppErrorCode.INVITE_INVALID, 'no such invitation');
    }
  } else if (by.code) {
    invitation = await findById<InvitationDoc>(db, 'invitations', by.code.toUpperCase());
    if (!invitation || invitation.kind !== 'code') throw new AppError(AppErrorCode.INVITE_INVALID, 'no such invitation code');
  } else {
    throw new AppError(AppErrorCode.INVALID_INPUT, 'give a token or a code');
  }
  checkLive(invitation);
  return invitation;
}

function checkLive(invitation: InvitationDoc): void {
  if (invitation.revokedAt) throw new AppError(AppErrorCode.INVITE_REVOKED, 'the invitation was revoked');
  if (invitation.expiresAt < Date.now()) throw new AppError(AppErrorCode.INVITE_EXPIRED, 'the invitation has expired');
}

/**
 * Inside the join transaction: re-reads the invitation (concurrent redemptions conflict on it, so
 * the use limit holds) and checks that its inviter may still invite. Returns the fresh document.
 */
export async function checkRedeemable(t: Transaction, group: GroupDoc, invitationId: string, openid: string): Promise<InvitationDoc> {
  const invitation = (await t.collection('invitations').doc(invitationId).get()).data as InvitationDoc;
  checkLive(invitation);
  const inviter = await partyOf(t, group._id, invitation.inviterId);
  if (!decide('invite', { actor: inviter.standing, settings: group.settings }).allowed) {
    throw new AppError(AppErrorCode.INVITE_REVOKED, 'the inviter may no longer invite to this group');
  }
  if (invitation.usedBy.includes(openid)) throw new AppError(AppErrorCode.INVITE_REPLAYED, 'this invitation was already used by you');
  if (invitation.uses >= invitation.maxUses) throw new AppError(AppErrorCode.INVITE_USED_UP, 'the invitation has no uses left');
  return invitation;
}

/** The inviter, or an owner or admin of the group, withdraws an invitation. */
export async function revokeInvitation(db: Database, openid: string, req: Req<'revokeInvitation'>): Promise<{ invitationId: string }> {
  await runTransaction(db, async (t) => {
    const invitation = (
      await t
        .collection('invitations')
        .doc(req.invitationId)
        .get()
        .catch(() => ({ data: null }))
    ).data as InvitationDoc | null;
    if (!invitation || invitation.conversationId !== req.conversationId) throw new AppError(AppErrorCode.NOT_FOUND, 'no such invitation');
    if (invitation.inviterId !== openid) await authorized(t, 'approve', req.conversationId, openid);
    await t
      .collection('invitations')
      .doc(req.invitationId)
      .update({ data: { revokedAt: db.serverDate() } });
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'revokeInvitation', details: { invitationId: req.invitationId } });
  });
  return { invitationId: req.invitationId };
}
