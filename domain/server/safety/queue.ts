// Held messages wait for a moderator as reports with source 'moderation', so admins work one queue
// in the console (resolve with 'approve' or 'hide_message'). Idempotent: the ids derive from the
// message id, so a second hold of the same message finds the same report.
import { previewOf, MessageDoc } from '../../messages';
import type { Database } from '../database';
import { insertIfAbsent } from '../users';

export const heldReportId = (messageId: string): string => `held_${messageId}`;

export async function recordCheck(db: Database, message: MessageDoc, kind: 'media' | 'review', traceId?: string): Promise<void> {
  const doc: { _id: string } & Record<string, unknown> = { _id: message._id, conversationId: message.conversationId, openid: message._openid, kind, createdAt: db.serverDate() };
  if (traceId) doc.traceId = traceId;
  if (!(await insertIfAbsent(db, 'moderation_checks', doc))) {
    const { _id: _ignored, createdAt: _created, ...changes } = doc;
    // A new media trace starts a fresh check: an earlier verdict or release must not answer for it
    // (the push for the new trace is claimed only while `suggest` is absent).
    if (traceId) {
      const _ = db.command;
      Object.assign(changes, { suggest: _.remove(), label: _.remove(), released: _.remove(), releasedBy: _.remove(), decidedAt: _.remove() });
    }
    await db.collection('moderation_checks').doc(message._id).update({ data: changes });
  }
}

export async function queueForModerator(db: Database, message: MessageDoc, why: string): Promise<void> {
  await recordCheck(db, message, 'review');
  await insertIfAbsent(db, 'reports', {
    _id: heldReportId(message._id),
    source: 'moderation',
    target: { type: 'message', messageId: message._id, userId: message._openid, conversationId: message.conversationId, preview: previewOf(message.type, message.content).slice(0, 120) },
    reason: 'held_for_review',
    note: why.slice(0, 500),
    status: 'open',
    createdAt: db.serverDate(),
  });
}
