// Per-group message retention (conversations.settings.retentionDays; absent or 0 keeps forever),
// applied by the retention timer: messages written before the cutoff are deleted with their stored
// files. Bounded per run (a backlog drains over several runs); ordered by writtenAt, which every
// message has (held and blocked ones never get createdAt).
import { hasMedia, MessageDoc } from '../../messages';
import type { Database } from '../database';
import { rows } from '../database';
import { audit, SYSTEM } from './audit';
import type { Platform } from './platform';

const DAY_MS = 86_400_000;
const CONVERSATIONS_PER_RUN = 100;
const MESSAGES_PER_CONVERSATION = 500;
/** In-app notices and decided checks are working data, not history: kept this long. */
const NOTICE_DAYS = 90;

export interface RetentionReport {
  conversations: number;
  messagesDeleted: number;
  filesDeleted: number;
}

export async function applyRetention(db: Database, platform: Platform, now = Date.now()): Promise<RetentionReport> {
  const _ = db.command;
  const report: RetentionReport = { conversations: 0, messagesDeleted: 0, filesDeleted: 0 };
  const groups = rows<{ _id: string; settings: { retentionDays: number } }>(
    await db.collection('conversations').where({ 'settings.retentionDays': _.gt(0) }).limit(CONVERSATIONS_PER_RUN).field({ settings: true }).get(),
  );
  for (const group of groups) {
    const cutoff = new Date(now - group.settings.retentionDays * DAY_MS);
    const old = rows<Pick<MessageDoc, '_id' | 'type' | 'content'>>(
      await db.collection('messages').where({ conversationId: group._id, writtenAt: _.lt(cutoff) }).orderBy('writtenAt', 'asc').limit(MESSAGES_PER_CONVERSATION).field({ type: true, content: true }).get(),
    );
    if (!old.length) continue;
    report.conversations++;
    const files = old.filter((m) => hasMedia(m.type) && m.content?.fileId).map((m) => m.content!.fileId!);
    for (let i = 0; i < files.length; i += 50) {
      await platform.deleteFile({ fileList: files.slice(i, i + 50) });
      report.filesDeleted += Math.min(50, files.length - i);
    }
    const { stats } = (await db.collection('messages').where({ _id: _.in(old.map((m) => m._id)) }).remove()) as { stats: { removed: number } };
    report.messagesDeleted += stats.removed;
    // Their moderation records go with them: ids are the client's, and a released record left
    // behind must not speak for a later message that reuses the id.
    await db.collection('moderation_checks').where({ _id: _.in(old.map((m) => m._id)) }).remove();
    await audit(db, { action: 'retention.applied', actorId: SYSTEM.retention, targetType: 'conversation', targetId: group._id, conversationId: group._id, details: { removed: stats.removed, before: cutoff.toISOString(), files: files.length } });
  }
  const noticeCutoff = new Date(now - NOTICE_DAYS * DAY_MS);
  await db.collection('notifications').where({ createdAt: _.lt(noticeCutoff) }).remove();
  await db.collection('moderation_checks').where({ decidedAt: _.lt(noticeCutoff) }).remove();
  return report;
}
