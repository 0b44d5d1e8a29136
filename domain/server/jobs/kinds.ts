// The steps of each job kind, in phase order. Each step is one bounded batch over what is still
// left (never an offset), idempotent when repeated after a crash at any point.
import type { MessageDoc } from '../../messages';
import { deleteOwnedFiles } from '../media';
import { memberId } from '../../ids';
import { findById, rows } from '../database';
import { departedPath } from '../conversations';
import { departedEntry } from '../groups/access';
import { listKey, nicknameKey } from '../groups/member-keys';
import { audit as auditSafety, SYSTEM } from '../safety/audit';
import { ACCOUNT_STEPS } from '../safety/account-steps';
import type { Role } from '../../permissions';
import type { JobKind, Step } from './types';

const MEMBER_BATCH = 200;
const MESSAGE_BATCH = 200;
const RETENTION_BATCH = 500;
const DAY_MS = 86_400_000;
const NOTICE_DAYS = 90;

/** Dissolve: every membership and inbox entry (inbox first: a member document left means its inbox entry may be too). */
const dissolveMembers: Step = async ({ db, job }) => {
  const conversationId = job.params.conversationId as string;
  const _ = db.command;
  const members = rows<{ openid: string }>(await db.collection('members').where({ conversationId }).field({ openid: true }).limit(MEMBER_BATCH).get());
  if (!members.length) return { handled: 0, phaseDone: true };
  const ids = members.map((m) => m.openid);
  // Each former member's inbox keeps a departed record in the same write that pulls the entry,
  // so their list says 该群已解散 instead of losing the row (groups/access.ts departedEntry).
  const group = await findById<{ name?: string; avatarUrl?: string }>(db, 'conversations', conversationId);
  await db
    .collection('inboxes')
    .where({ _id: _.in(ids) })
    .update({ data: { conversationIds: _.pull(conversationId), [departedPath(conversationId)]: departedEntry(db, group ?? {}, 'dissolved'), updatedAt: db.serverDate() } });
  await db
    .collection('members')
    .where({ _id: _.in(ids.map((id) => memberId(conversationId, id))) })
    .remove();
  return { handled: members.length, phaseDone: members.length < MEMBER_BATCH };
};

const dissolveRest: Step = async ({ db, job }) => {
  const conversationId = job.params.conversationId as string;
  const _ = db.command;
  await db.collection('join_requests').where({ conversationId, status: 'pending' }).remove();
  await db
    .collection('invitations')
    .where({ conversationId, revokedAt: _.exists(false) })
    .update({ data: { revokedAt: db.serverDate() } });
  return { handled: 0, phaseDone: true, result: { removedMembers: job.progress.done } };
};

const ERASABLE = ['visible', 'pending', 'held'];

/** Leave with erase: the leaver's messages in the group recalled (their files deleted), a batch at a time. */
const eraseMessages: Step = async ({ db, platform, job }) => {
  const { conversationId, openid } = job.params as { conversationId: string; openid: string };
  const _ = db.command;
  const found = rows<Pick<MessageDoc, '_id' | 'conversationId' | 'type' | 'content'>>(
    await db
      .collection('messages')
      .where({ conversationId, _openid: openid, status: _.in(ERASABLE) })
      .field({ conversationId: true, type: true, content: true })
      .limit(MESSAGE_BATCH)
      .get(),
  );
  if (found.length) {
    // The recall drops `content`, the only pointer to the file: delete the file before it.
    await deleteOwnedFiles(platform, found);
    await db
      .collection('messages')
      .where({ _id: _.in(found.map((m) => m._id)), status: _.in(ERASABLE) })
      .update({ data: { status: 'recalled', content: _.remove(), mentions: _.remove(), editedAt: db.serverDate() } });
  }
  const phaseDone = found.length < MESSAGE_BATCH;
  return { handled: found.length, phaseDone, ...(phaseDone ? { result: { erased: job.progress.done + found.length } } : {}) };
};

/**
 * Retention: groups with settings.retentionDays > 0 in _id order (cursor = the last group
 * finished); the current group loses its messages older than the cutoff 500 at a time, with
 * their files and moderation records, until none is left; then the next group.
 */
const retentionGroups: Step = async ({ db, platform, job }) => {
  const _ = db.command;
  const now = Number(job.params.now);
  const cursor = job.progress.cursor;
  const [group] = rows<{ _id: string; settings: { retentionDays: number } }>(
    await db
      .collection('conversations')
      .where({ 'settings.retentionDays': _.gt(0), ...(cursor ? { _id: _.gt(cursor) } : {}) })
      .orderBy('_id', 'asc')
      .limit(1)
      .field({ settings: true })
      .get(),
  );
  if (!group) return { handled: 0, phaseDone: true };
  const cutoff = new Date(now - group.settings.retentionDays * DAY_MS);
  const old = rows<Pick<MessageDoc, '_id' | 'conversationId' | 'type' | 'content'>>(
    await db
      .collection('messages')
      .where({ conversationId: group._id, writtenAt: _.lt(cutoff) })
      .orderBy('writtenAt', 'asc')
      .limit(RETENTION_BATCH)
      .field({ conversationId: true, type: true, content: true })
      .get(),
  );
  const r = job.result ?? {};
  let files = 0;
  let removed = 0;
  if (old.length) {
    // Files first: a crash after the messages went would leave files nothing points at any more.
    files = await deleteOwnedFiles(platform, old);
    ({
      stats: { removed },
    } = (await db
      .collection('messages')
      .where({ _id: _.in(old.map((m) => m._id)) })
      .remove()) as { stats: { removed: number } });
    // Their moderation records go with them: a released record left behind must not speak for a later message reusing the id.
    await db
      .collection('moderation_checks')
      .where({ _id: _.in(old.map((m) => m._id)) })
      .remove();
    await auditSafety(db, {
      action: 'retention.applied',
      actorId: SYSTEM.retention,
      targetType: 'conversation',
      targetId: group._id,
      conversationId: group._id,
      details: { removed, before: cutoff.toISOString(), files },
    });
  }
  const groupDone = old.length < RETENTION_BATCH;
  const touched = (r.touched as string[] | undefined) ?? [];
  const result = {
    messagesDeleted: Number(r.messagesDeleted ?? 0) + removed,
    filesDeleted: Number(r.filesDeleted ?? 0) + files,
    conversations: Number(r.conversations ?? 0) + (old.length && !touched.includes(group._id) ? 1 : 0),
    touched: old.length && !touched.includes(group._id) ? [...touched.slice(-50), group._id] : touched,
  };
  return { handled: removed, phaseDone: false, cursor: groupDone ? group._id : (cursor ?? ''), result };
};

const retentionNotices: Step = async ({ db, job }) => {
  const _ = db.command;
  const noticeCutoff = new Date(Number(job.params.now) - NOTICE_DAYS * DAY_MS);
  await db
    .collection('notifications')
    .where({ createdAt: _.lt(noticeCutoff) })
    .remove();
  await db
    .collection('moderation_checks')
    .where({ decidedAt: _.lt(noticeCutoff) })
    .remove();
  return { handled: 0, phaseDone: true };
};

/** Backfill: members written before listKey/nicknameKey existed, in _id order. */
const memberKeys: Step = async ({ db, job }) => {
  const _ = db.command;
  const cursor = job.progress.cursor;
  const page = rows<{ _id: string; openid: string; role: Role; joinedAt?: Date; listKey?: string; nicknameKey?: string }>(
    await db
      .collection('members')
      .where(cursor ? { _id: _.gt(cursor) } : {})
      .orderBy('_id', 'asc')
      .limit(MEMBER_BATCH)
      .field({ openid: true, role: true, joinedAt: true, listKey: true, nicknameKey: true })
      .get(),
  );
  const missing = page.filter((m) => !m.listKey || m.nicknameKey === undefined);
  if (missing.length) {
    const users = rows<{ _id: string; nickname?: string }>(
      await db
        .collection('users')
        .where({ _id: _.in([...new Set(missing.map((m) => m.openid))]) })
        .field({ nickname: true })
        .limit(MEMBER_BATCH)
        .get(),
    );
    const names = new Map(users.map((u) => [u._id, u.nickname ?? '']));
    for (const m of missing) {
      const data: Record<string, unknown> = {};
      if (!m.listKey) data.listKey = listKey(m.role, m.joinedAt ? +new Date(m.joinedAt) : 0, m.openid);
      if (m.nicknameKey === undefined) data.nicknameKey = nicknameKey(names.get(m.openid) ?? '', m.openid);
      await db.collection('members').doc(m._id).update({ data });
    }
  }
  const last = page[page.length - 1];
  return { handled: missing.length, phaseDone: page.length < MEMBER_BATCH, ...(last ? { cursor: last._id } : {}) };
};

export const STEPS: Record<JobKind, Step[]> = {
  dissolve: [dissolveMembers, dissolveRest],
  erase: [eraseMessages],
  account: ACCOUNT_STEPS,
  retention: [retentionGroups, retentionNotices],
  memberKeys: [memberKeys],
  // Not work: the notify timer's resume position (safety/notify.ts).
  notify: [],
};
