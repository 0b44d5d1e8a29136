// The member list (staff first, then members by join time; keyset pages; search by nickname prefix), a
// member's notification setting, and the audit log for owners and admins.
import type { RequestOf } from '../../function';
import type { groups } from '../../contracts/groups';
import { memberId } from '../../ids';
import { Database, rows, runTransaction } from '../database';
import { authorized, reader } from './access';
import { normaliseNickname, prefixEnd } from './member-keys';
import type { MemberDoc, MemberView } from './types';

type Req<A extends string> = Extract<RequestOf<typeof groups>, { action: A }>;

const DEFAULT_LIMIT = 20;

/**
 * One page of the member list by keyset cursor (`listKey`: owner, admins, members by join time,
 * openid), or of a nickname-prefix search (`nicknameKey`). Each page is one range walk of the
 * (conversationId, key) index, the same cost at the first page and the ten-thousandth; CloudBase's
 * skip is never used, so every member is reachable. `total` is the group's memberCount for the
 * list and a covered count of the prefix range for a search.
 */
export async function listMembers(db: Database, openid: string, req: Req<'members'>): Promise<{ members: MemberView[]; nextCursor?: string; total: number }> {
  const { conversationId } = req;
  const { group } = await authorized(reader(db), 'view', conversationId, openid);
  const limit = req.limit ?? DEFAULT_LIMIT;
  const _ = db.command;
  const field = req.query ? 'nicknameKey' : 'listKey';
  const prefix = req.query ? normaliseNickname(req.query) : '';
  const range = req.query ? (req.cursor ? _.gt(req.cursor).and(_.lt(prefixEnd(prefix))) : _.gte(prefix).and(_.lt(prefixEnd(prefix)))) : req.cursor ? _.gt(req.cursor) : undefined;
  const where = { conversationId, ...(range ? { [field]: range } : {}) };
  const found = rows<MemberDoc & { listKey?: string; nicknameKey?: string }>(
    await db
      .collection('members')
      .where(where)
      .orderBy(field, 'asc')
      .limit(limit + 1)
      .get(),
  );
  const docs = found.slice(0, limit);
  const total = req.query
    ? (
        (await db
          .collection('members')
          .where({ conversationId, nicknameKey: _.gte(prefix).and(_.lt(prefixEnd(prefix))) })
          .count()) as { total: number }
      ).total
    : group.memberCount;
  const profiles = docs.length
    ? rows<{ _id: string; nickname?: string; avatarUrl?: string }>(
        await db
          .collection('users')
          .where({ _id: _.in(docs.map((d) => d.openid)) })
          .field({ nickname: true, avatarUrl: true })
          .limit(100)
          .get(),
      )
    : [];
  const byId = new Map(profiles.map((p) => [p._id, p]));
  const members = docs.map((d) => ({
    openid: d.openid,
    nickname: byId.get(d.openid)?.nickname ?? '',
    avatarUrl: byId.get(d.openid)?.avatarUrl ?? '',
    role: d.role,
    mutedUntil: d.mutedUntil,
    joinedAt: d.joinedAt,
  }));
  const last = docs[docs.length - 1];
  return { members, total, ...(found.length > limit && last ? { nextCursor: String(last[field]) } : {}) };
}

export async function setNotify(db: Database, openid: string, req: Req<'setNotify'>): Promise<{ conversationId: string; notify: string }> {
  await runTransaction(db, async (t) => {
    await authorized(t, 'setNotify', req.conversationId, openid);
    await t
      .collection('members')
      .doc(memberId(req.conversationId, openid))
      .update({ data: { notify: req.notify, updatedAt: db.serverDate() } });
  });
  return { conversationId: req.conversationId, notify: req.notify };
}

export interface AuditView {
  actorId: string;
  action: string;
  targetId?: string;
  details?: Record<string, unknown>;
  at: Date;
}

export async function auditLog(db: Database, openid: string, req: Req<'auditLog'>): Promise<{ entries: AuditView[]; nextOffset?: number }> {
  await authorized(reader(db), 'viewAudit', req.conversationId, openid);
  const offset = req.offset ?? 0;
  const found = rows<AuditView & { _id: string }>(
    await db
      .collection('audit_logs')
      .where({ conversationId: req.conversationId })
      .orderBy('at', 'desc')
      .skip(offset)
      .limit(DEFAULT_LIMIT + 1)
      .get(),
  );
  const entries = found.slice(0, DEFAULT_LIMIT).map(({ actorId, action, targetId, details, at }) => ({ actorId, action, targetId, details, at }));
  return { entries, ...(found.length > DEFAULT_LIMIT ? { nextOffset: offset + DEFAULT_LIMIT } : {}) };
}
