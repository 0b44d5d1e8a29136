// Personal data rights: export (everything the app holds about the caller, as one JSON file in
// storage, handed back as a temporary URL) and deletion (profile, memberships, inbox, consents and
// notices erased; the person's messages deleted or anonymised, as they choose). What stays, and why:
// - group and global bans keyed by the openid, so deleting an account does not lift a ban;
// - a direct conversation's _id, derived from both openids (the peer keeps their chat; directKey is
//   rewritten to the tombstone);
// - audit entries and reports about the person, with the openid replaced by a random tombstone id.
import { createHash, randomBytes } from 'crypto';
import { AppError, AppErrorCode } from '../../errors';
import { DELETED_ACCOUNT_PREFIX } from '../../ids';
import type { Database } from '../database';
import { findById, rows } from '../database';
import { audit } from './audit';
import { advanceNow, enqueue, newJob, type JobDoc } from '../jobs';
import type { Platform } from './platform';

const PAGE = 1000;

async function all<T>(db: Database, collection: string, where: Record<string, unknown>, field?: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    let query = db.collection(collection).where(where).skip(skip).limit(PAGE);
    if (field) query = query.field(field);
    const page = rows<T>(await query.get());
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

export interface ExportResult {
  fileID: string;
  tempFileURL: string;
  counts: Record<string, number>;
}

export async function exportAccount(db: Database, platform: Platform, openid: string): Promise<ExportResult> {
  const profile = await findById(db, 'users', openid);
  if (!profile) throw new AppError(AppErrorCode.NOT_FOUND, 'sign in first');
  const [inbox, memberships, messages, reports, notifications, subscription, globalBan] = await Promise.all([
    findById(db, 'inboxes', openid),
    all(db, 'members', { openid }),
    all(db, 'messages', { _openid: openid }),
    all(db, 'reports', { reporterId: openid }),
    all(db, 'notifications', { userId: openid }),
    findById(db, 'subscriptions', openid),
    findById(db, 'global_bans', openid),
  ]);
  const exported = { format: 'community-chat-export/1', exportedAt: new Date().toISOString(), openid, profile, inbox, memberships, messages, reports, notifications, subscription, globalBan };
  // The random part keeps the path unguessable: storage read rules admit any signed-in user.
  const cloudPath = `exports/${openid}/${Date.now()}-${randomBytes(8).toString('hex')}.json`;
  const { fileID } = await platform.uploadFile({ cloudPath, fileContent: Buffer.from(JSON.stringify(exported, null, 2), 'utf8') });
  const { fileList } = await platform.getTempFileURL({ fileList: [fileID] });
  await audit(db, { action: 'account.exported', actorId: openid, targetType: 'user', targetId: openid });
  return { fileID, tempFileURL: fileList[0].tempFileURL, counts: { memberships: memberships.length, messages: messages.length, reports: reports.length, notifications: notifications.length } };
}

export type MessageChoice = 'delete' | 'anonymise';

export interface DeletionResult {
  tombstone: string;
  messages: { choice: MessageChoice; count: number };
  memberships: number;
  filesDeleted: number;
}

/** How much of the deletion the request itself does (the account function's timeout is 20 s). */
const INLINE_BUDGET_MS = 8_000;

/**
 * Deletion is a job (`account_<openid>`, safety/account-steps.ts): the request checks, creates it
 * with its tombstone, and advances it within INLINE_BUDGET_MS; what is left (a long history, many
 * groups) the jobs timer finishes. A repeat of the request answers the same job.
 */
export async function deleteAccount(db: Database, platform: Platform, openid: string, choice: MessageChoice): Promise<DeletionResult & { jobId: string; status: string }> {
  const _ = db.command;
  // Hashed: a finished job must not keep the deleted openid, even in its id.
  const jobId = `account_${createHash('sha256').update(openid).digest('hex').slice(0, 32)}`;
  let job = await findById<JobDoc>(db, 'jobs', jobId);
  if (!job || job.status === 'done') {
    if (!(await findById(db, 'users', openid))) throw new AppError(AppErrorCode.NOT_FOUND, 'no such account');
    const owned = await all<{ _id: string; memberCount: number }>(db, 'conversations', { ownerId: openid, type: 'group', dissolvedAt: _.exists(false) }, { memberCount: true });
    const shared = owned.filter((g) => g.memberCount > 1);
    if (shared.length) throw new AppError(AppErrorCode.CONFLICT, `transfer ownership of ${shared.length} group(s) first`, { conversationIds: shared.map((g) => g._id) });
    // A finished job of an earlier account with the same openid is replaced.
    if (job) await db.collection('jobs').doc(jobId).remove();
    const tombstone = `${DELETED_ACCOUNT_PREFIX}${randomBytes(6).toString('hex')}`;
    job = await enqueue(db, jobId, newJob('account', openid, { openid, choice, tombstone }));
  }
  job = (await advanceNow(db, platform, jobId, INLINE_BUDGET_MS)) ?? job;
  const r = (job.result ?? {}) as Partial<DeletionResult> & { messagesHandled?: number; filesDeleted?: number; memberships?: number };
  const tombstone = String(job.params.tombstone);
  return {
    tombstone,
    messages: r.messages ?? { choice: job.params.choice as MessageChoice, count: Number(r.messagesHandled ?? 0) },
    memberships: Number(r.memberships ?? 0),
    filesDeleted: Number(r.filesDeleted ?? 0),
    jobId,
    status: job.status,
  };
}
