// The wxa_media_check event (message push) decides a message held for its media check: pass
// publishes it, risky blocks it with the reason, review leaves it held for a moderator. Events are
// matched by trace_id against moderation_checks; an unknown or already decided trace is ignored, so a
// repeated push (WeChat retries) or a forged call changes nothing.
import type { MessageDoc } from '../../messages';
import type { Database } from '../database';
import { findById, rows } from '../database';
import { audit, SYSTEM } from './audit';
import { tellUser } from './inbox';
import { labelText } from './platform';
import { queueForModerator } from './queue';
import { releaseHeld } from './release';
import { languageOfUser } from '../users';
import { format } from '../../i18n/index';

export interface MediaCheckEvent {
  trace_id: string;
  result?: { suggest?: string; label?: number };
}

export type MediaOutcome = { traceId: string; outcome: 'ignored' | 'published' | 'blocked' | 'held'; messageId?: string };

export async function applyMediaVerdict(db: Database, event: MediaCheckEvent): Promise<MediaOutcome> {
  const traceId = event.trace_id;
  const [check] = rows<{ _id: string; suggest?: string }>(await db.collection('moderation_checks').where({ traceId }).limit(1).get());
  if (!check || check.suggest) return { traceId, outcome: 'ignored' };
  const suggest = event.result?.suggest === 'pass' || event.result?.suggest === 'risky' ? event.result.suggest : 'review';
  const label = typeof event.result?.label === 'number' ? event.result.label : 21000;
  // Claim the verdict: only one push of the same trace gets past this.
  const { stats } = (await db
    .collection('moderation_checks')
    .where({ _id: check._id, traceId, suggest: db.command.exists(false) })
    .update({ data: { suggest, label, decidedAt: db.serverDate() } })) as { stats: { updated: number } };
  if (stats.updated !== 1) return { traceId, outcome: 'ignored' };
  const message = await findById<MessageDoc>(db, 'messages', check._id);
  if (!message || message.status !== 'held') return { traceId, outcome: 'ignored', messageId: check._id };

  if (suggest === 'pass') {
    const { status } = await releaseHeld(db, message._id, SYSTEM.mediaCheck);
    return { traceId, outcome: status === 'visible' ? 'published' : 'blocked', messageId: message._id };
  }
  if (suggest === 'risky') {
    const reason = `WeChat's media check found ${labelText(label)}`;
    await db
      .collection('messages')
      .where({ _id: message._id, status: 'held' })
      .update({ data: { status: 'blocked', blockReason: reason } });
    await audit(db, {
      action: 'message.blocked',
      actorId: SYSTEM.mediaCheck,
      targetType: 'message',
      targetId: message._id,
      conversationId: message.conversationId,
      reason,
      details: { traceId, label },
    });
    // the English reason stays in the audit; the owner reads the catalogue's words in their language
    const lang = await languageOfUser(db, message._openid);
    await tellUser(db, message._openid, {
      kind: 'message_blocked',
      title: format(lang, 'notice_blockedTitle'),
      body: format(lang, 'reason_CONTENT_CHECK'),
      code: 'CONTENT_CHECK',
      messageId: message._id,
      conversationId: message.conversationId,
    });
    return { traceId, outcome: 'blocked', messageId: message._id };
  }
  await queueForModerator(db, message, `media check review, label ${label}`);
  await audit(db, {
    action: 'message.held',
    actorId: SYSTEM.mediaCheck,
    targetType: 'message',
    targetId: message._id,
    conversationId: message.conversationId,
    reason: 'media check asked for review',
    details: { traceId, label },
  });
  return { traceId, outcome: 'held', messageId: message._id };
}
