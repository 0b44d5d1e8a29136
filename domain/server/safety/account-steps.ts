// Account deletion as a job (domain/server/jobs): the same erasure as before, split into bounded,
// idempotent phases so that a person in many large groups, or with a long history, is deleted
// completely however long it takes. params: {openid, choice, tombstone} (the tombstone is chosen
// once, when the job is created, so every run writes the same one).
import type { MessageDoc } from '../../messages';
import { isOwnAvatar } from '../../media';
import { deleteOwnedFiles } from '../media';
import { memberId } from '../../ids';
import { findById, rows, runTransaction } from '../database';
import type { Step } from '../jobs/types';
import { audit } from './audit';
import { format } from '../../i18n/index';

const BATCH = 200;
const MEMBERSHIP_BATCH = 50;
// Stored for readers that know no codes (the console, old clients); the phone reads the tombstone id
// (isDeletedAccount, domain/ids.ts) and says "a deleted user" in its own language.
export const DELETED_NAME = format('zh-CN', 'common_deletedUser');
const DELETED_PREVIEW = format('zh-CN', 'preview_deleted');

type Params = { openid: string; choice: 'delete' | 'anonymise'; tombstone: string };
const params = (p: Record<string, unknown>) => p as Params;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The person's messages: deleted (with their files) or handed to the tombstone, a batch at a time. */
const messages: Step = async ({ db, platform, job }) => {
  const { openid, choice, tombstone } = params(job.params);
  const _ = db.command;
  const mine = rows<Pick<MessageDoc, '_id' | 'conversationId' | 'type' | 'content'>>(
    await db.collection('messages').where({ _openid: openid }).field({ conversationId: true, type: true, content: true }).limit(BATCH).get(),
  );
  const ids = mine.map((m) => m._id);
  let files = 0;
  if (ids.length && choice === 'delete') {
    files = await deleteOwnedFiles(platform, mine);
    await db
      .collection('messages')
      .where({ _id: _.in(ids) })
      .remove();
  } else if (ids.length) {
    await db
      .collection('messages')
      .where({ _id: _.in(ids) })
      .update({ data: { _openid: tombstone } });
  }
  const r = job.result ?? {};
  return { handled: ids.length, phaseDone: ids.length < BATCH, result: { messagesHandled: Number(r.messagesHandled ?? 0) + ids.length, filesDeleted: Number(r.filesDeleted ?? 0) + files } };
};

/** Traces in other documents: each one multi-document update, idempotent (the filter stops matching). */
const traces: Step = async ({ db, job }) => {
  const { openid, choice, tombstone } = params(job.params);
  const _ = db.command;
  if (choice === 'delete') {
    await db.collection('moderation_checks').where({ openid }).remove();
    await db
      .collection('conversations')
      .where({ 'lastMessage.senderId': openid })
      .update({ data: { lastMessage: { id: '', seq: 0, senderId: tombstone, senderName: DELETED_NAME, type: 'text', preview: DELETED_PREVIEW } } });
  } else {
    await db
      .collection('moderation_checks')
      .where({ openid })
      .update({ data: { openid: tombstone } });
    await db
      .collection('conversations')
      .where({ 'lastMessage.senderId': openid })
      .update({ data: { 'lastMessage.senderId': tombstone, 'lastMessage.senderName': DELETED_NAME } });
  }
  await db
    .collection('messages')
    .where({ mentions: openid })
    .update({ data: { mentions: _.pull(openid) } });
  await db
    .collection('messages')
    .where({ 'system.actorId': openid })
    .update({ data: { 'system.actorId': tombstone } });
  await db
    .collection('messages')
    .where({ 'system.targetId': openid })
    .update({ data: { 'system.targetId': tombstone } });
  return { handled: 0, phaseDone: true };
};

/** Memberships: each member document and its count in one transaction (a repeat finds it gone). */
const memberships: Step = async ({ db, job }) => {
  const { openid } = params(job.params);
  const _ = db.command;
  const page = rows<{ _id: string; conversationId: string }>(await db.collection('members').where({ openid }).field({ conversationId: true }).limit(MEMBERSHIP_BATCH).get());
  for (const m of page) {
    await runTransaction(db, async (t) => {
      try {
        await t.collection('members').doc(memberId(m.conversationId, openid)).get();
      } catch {
        return;
      }
      await t.collection('members').doc(m._id).remove();
      await t
        .collection('conversations')
        .doc(m.conversationId)
        .update({ data: { memberCount: _.inc(-1), updatedAt: db.serverDate() } });
    });
  }
  const r = job.result ?? {};
  return { handled: page.length, phaseDone: page.length < MEMBERSHIP_BATCH, result: { memberships: Number(r.memberships ?? 0) + page.length } };
};

/** Owned (now empty) groups, direct chats, requests, reports, the audit trail. */
const references: Step = async ({ db, job }) => {
  const { openid, tombstone } = params(job.params);
  const _ = db.command;
  await db
    .collection('conversations')
    .where({ ownerId: openid, type: 'group' })
    .update({ data: { ownerId: tombstone, dissolvedAt: db.serverDate() } });
  for (;;) {
    const directs = rows<{ _id: string; directKey: string }>(
      await db
        .collection('conversations')
        .where({ type: 'direct', directKey: db.RegExp({ regexp: `(^|\\|)${escape(openid)}($|\\|)` }) })
        .field({ directKey: true })
        .limit(100)
        .get(),
    );
    for (const d of directs)
      await db
        .collection('conversations')
        .doc(d._id)
        .update({
          data: {
            directKey: d.directKey
              .split('|')
              .map((p) => (p === openid ? tombstone : p))
              .join('|'),
          },
        });
    if (directs.length < 100) break;
  }
  await db.collection('join_requests').where({ openid }).remove();
  await db.collection('reports').where({ reporterId: openid }).remove();
  await db
    .collection('reports')
    .where({ 'target.userId': openid })
    .update({ data: { 'target.userId': tombstone } });
  await db
    .collection('audit_logs')
    .where({ actorId: openid })
    .update({ data: { actorId: tombstone } });
  await db
    .collection('audit_logs')
    .where({ targetId: openid })
    .update({ data: { targetId: tombstone } });
  void _;
  return { handled: 0, phaseDone: true };
};

/** The person's own records, the profile last (its absence marks the account gone). */
const records: Step = async ({ db, platform, job }) => {
  const { openid, choice, tombstone } = params(job.params);
  const profile = await findById<{ avatarUrl?: string }>(db, 'users', openid);
  let files = 0;
  // Only an avatar in the person's own folder: the profile function stores whatever cloud:// id the
  // phone sends, and a deletion must not take someone else's file with it.
  if (profile?.avatarUrl && isOwnAvatar(profile.avatarUrl, openid)) {
    await platform.deleteFile({ fileList: [profile.avatarUrl] });
    files = 1;
  }
  for (const [collection, where] of [
    ['notifications', { userId: openid }],
    ['subscriptions', { _id: openid }],
    ['rate_windows', { _id: openid }],
    ['inboxes', { _id: openid }],
    ['global_admins', { _id: openid }],
    ['users', { _id: openid }],
  ] as const) {
    await db.collection(collection).where(where).remove();
  }
  const r = job.result ?? {};
  const count = Number(r.messagesHandled ?? 0);
  const filesDeleted = Number(r.filesDeleted ?? 0) + files;
  if (profile)
    await audit(db, { action: 'account.deleted', actorId: tombstone, targetType: 'user', targetId: tombstone, details: { messages: choice, count, memberships: Number(r.memberships ?? 0) } });
  // The job itself keeps no trace of the openid: params and owner become the tombstone.
  return {
    handled: 0,
    phaseDone: true,
    result: { tombstone, messages: { choice, count }, memberships: Number(r.memberships ?? 0), filesDeleted },
    params: { openid: tombstone, choice, tombstone },
    ownerId: tombstone,
  };
};

export const ACCOUNT_STEPS: Step[] = [messages, traces, memberships, references, records];
