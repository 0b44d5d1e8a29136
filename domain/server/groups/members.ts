// The member list (staff first, then members by join time; paginated; search by nickname), a
// member's notification setting, and the audit log for owners and admins.
import type { RequestOf } from '../../function';
import type { groups } from '../../contracts/groups';
import { memberId } from '../../ids';
import type { Role } from '../../permissions';
import { Database, rows, runTransaction } from '../database';
import { authorized, reader } from './access';
import { escapeRegExp } from './search-text';
import type { MemberDoc, MemberView } from './types';

type Req<A extends string> = Extract<RequestOf<typeof groups>, { action: A }>;

const RANK: Record<Role, number> = { owner: 0, admin: 1, member: 2 };
const DEFAULT_LIMIT = 20;
/** Nickname search looks at this many matching users at most (the users collection is global). */
const NICKNAME_CANDIDATES = 1000;

export async function listMembers(db: Database, openid: string, req: Req<'members'>): Promise<{ members: MemberView[]; nextOffset?: number; total: number }> {
  const { conversationId } = req;
  const { group } = await authorized(reader(db), 'view', conversationId, openid);
  const offset = req.offset ?? 0;
  const limit = req.limit ?? DEFAULT_LIMIT;
  const _ = db.command;
  let docs: MemberDoc[];
  let total: number;
  if (req.query) {
    const users = rows<{ _id: string }>(
      await db.collection('users').where({ nickname: db.RegExp({ regexp: escapeRegExp(req.query), options: 'i' }) }).field({ _id: true }).limit(NICKNAME_CANDIDATES).get(),
    );
    const ids = users.map((u) => memberId(conversationId, u._id));
    const found = ids.length ? rows<MemberDoc>(await db.collection('members').where({ _id: _.in(ids) }).limit(NICKNAME_CANDIDATES).get()) : [];
    found.sort((a, b) => RANK[a.role] - RANK[b.role] || +new Date(a.joinedAt) - +new Date(b.joinedAt));
    total = found.length;
    docs = found.slice(offset, offset + limit);
  } else {
    // Staff are few: always fetched whole, so paging runs over [staff..., members by joinedAt...].
    const staff = rows<MemberDoc>(await db.collection('members').where({ conversationId, role: _.in(['owner', 'admin']) }).limit(100).get());
    staff.sort((a, b) => RANK[a.role] - RANK[b.role] || +new Date(a.joinedAt) - +new Date(b.joinedAt));
    docs = staff.slice(offset, offset + limit);
    if (docs.length < limit) {
      const skip = Math.max(0, offset - staff.length);
      const more = rows<MemberDoc>(await db.collection('members').where({ conversationId, role: 'member' }).orderBy('joinedAt', 'asc').skip(skip).limit(limit - docs.length).get());
      docs = docs.concat(more);
    }
    total = group.memberCount;
  }
  const profiles = docs.length
    ? rows<{ _id: string; nickname?: string; avatarUrl?: string }>(await db.collection('users').where({ _id: _.in(docs.map((d) => d.openid)) }).field({ nickname: true, avatarUrl: true }).limit(100).get())
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
  return { members, total, ...(offset + docs.length < total ? { nextOffset: offset + docs.length } : {}) };
}

export async function setNotify(db: Database, openid: string, req: Req<'setNotify'>): Promise<{ conversationId: string; notify: string }> {
  await runTransaction(db, async (t) => {
    await authorized(t, 'setNotify', req.conversationId, openid);
    await t.collection('members').doc(memberId(req.conversationId, openid)).update({ data: { notify: req.notify, updatedAt: db.serverDate() } });
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
    await db.collection('audit_logs').where({ conversationId: req.conversationId }).orderBy('at', 'desc').skip(offset).limit(DEFAULT_LIMIT + 1).get(),
  );
  const entries = found.slice(0, DEFAULT_LIMIT).map(({ actorId, action, targetId, details, at }) => ({ actorId, action, targetId, details, at }));
  return { entries, ...(found.length > DEFAULT_LIMIT ? { nextOffset: offset + DEFAULT_LIMIT } : {}) };
}
