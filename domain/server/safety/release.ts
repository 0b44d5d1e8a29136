// Moderator and media-check decisions on held messages. A released message goes back to pending and
// through deliverMessage, the one publish path (membership, mute and bans are checked again, and the
// seq is stamped there); moderate() lets it pass because its check record says `released`.
import type { MessageDoc } from '../../messages';
import type { Database } from '../database';
import { findById } from '../database';
import { deliverMessage } from '../deliver';
import { audit } from './audit';
import { insertIfAbsent } from '../users';

export async function releaseHeld(db: Database, messageId: string, by: string): Promise<{ status: string; seq?: number }> {
  const message = await findById<MessageDoc>(db, 'messages', messageId);
  if (!message) return { status: 'missing' };
  if (message.status !== 'held') return { status: message.status, seq: message.seq };
  await insertIfAbsent(db, 'moderation_checks', { _id: messageId, conversationId: message.conversationId, openid: message._openid, kind: 'review', createdAt: db.serverDate() });
  await db
    .collection('moderation_checks')
    .doc(messageId)
    .update({ data: { released: true, releasedBy: by, decidedAt: db.serverDate() } });
  await db
    .collection('messages')
    .where({ _id: messageId, status: 'held' })
    .update({ data: { status: 'pending', blockReason: 'released' } });
  const outcome = await deliverMessage(db, messageId, null);
  await audit(db, { action: 'message.released', actorId: by, targetType: 'message', targetId: messageId, conversationId: message.conversationId, details: { status: outcome.status } });
  return { status: outcome.status, seq: outcome.seq };
}

/**
 * Takes a message out of every timeline: a visible one stops matching the rooms' `status:
 * 'visible'` watches at once; the conversation list's preview is replaced if it showed it.
 */
export async function hideMessage(db: Database, messageId: string, by: string, reason: string): Promise<{ status: string }> {
  const message = await findById<MessageDoc>(db, 'messages', messageId);
  if (!message) return { status: 'missing' };
  if (message.status === 'blocked' || message.status === 'recalled') return { status: message.status };
  // A message that was published keeps its seq (phones' gap fill counts on every seq), and the read
  // rule shows members any message with a seq: the content goes, or the removed text stays readable.
  // The report that led here keeps its 120-character preview for the moderators.
  const data: Record<string, unknown> = { status: 'blocked', blockReason: reason };
  if (message.seq) Object.assign(data, { content: db.command.remove(), mentions: db.command.remove() });
  await db.collection('messages').where({ _id: messageId, status: message.status }).update({ data });
  if (message.status === 'visible') {
    await db
      .collection('conversations')
      .where({ _id: message.conversationId, 'lastMessage.id': messageId })
      .update({ data: { 'lastMessage.preview': '[消息已被管理员移除]' } });
  }
  await audit(db, { action: 'message.hidden', actorId: by, targetType: 'message', targetId: messageId, conversationId: message.conversationId, reason });
  return { status: 'blocked' };
}
