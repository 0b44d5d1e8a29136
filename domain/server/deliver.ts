// Publishing a pending message: validate, moderate, stamp the conversation's next seq and make it
// visible, all or nothing. Called by the `deliver` function (the sender, right after writing) and
// by the `sweep` timer (anything left pending). A second delivery of the same message changes
// nothing: the transaction re-reads the message and stops if it is no longer pending, and
// concurrent deliveries conflict on the message document so only one commits.
import messagesSpec from '../../database/messages.json';
import { compile, describeErrors } from '../validate';
import type { DeliveryOutcome } from '../contracts/messaging';
import { AppError, AppErrorCode } from '../errors';
import { memberId } from '../ids';
import { MessageDoc, previewOf } from '../messages';
import { Database, findById, runTransaction } from './database';
import { moderate } from './moderation';

interface ConversationDoc {
  _id: string;
  seq: number;
  dissolvedAt?: Date;
}

interface MemberDoc {
  mutedUntil: number;
}

// The spec JSON is inlined into each function bundle by esbuild. Validating the stored document
// catches clients that wrote around the mini program (rules cannot check shapes).
let validateMessage: ReturnType<typeof compile> | undefined;
function messageValidator() {
  return (validateMessage ??= compile(messagesSpec.schema as Record<string, unknown>));
}

async function reject(db: Database, message: MessageDoc, status: 'blocked' | 'held', reason: string): Promise<DeliveryOutcome> {
  await db.collection('messages').where({ _id: message._id, status: 'pending' }).update({ data: { status, blockReason: reason } });
  return { messageId: message._id, status, reason };
}

/**
 * @param senderOpenid the caller when a client asks; null when the sweep delivers on its behalf.
 */
export type { DeliveryOutcome };

export async function deliverMessage(db: Database, messageId: string, senderOpenid: string | null): Promise<DeliveryOutcome> {
  const message = await findById<MessageDoc>(db, 'messages', messageId);
  if (!message) throw new AppError(AppErrorCode.NOT_FOUND, `message ${messageId} does not exist`);
  if (senderOpenid !== null && message._openid !== senderOpenid) throw new AppError(AppErrorCode.FORBIDDEN, 'only the sender may deliver a message');
  if (message.status !== 'pending') return { messageId, status: message.status, seq: message.seq, reason: message.blockReason };

  const validate = messageValidator();
  if (!validate(message)) return reject(db, message, 'blocked', `invalid message: ${describeErrors(validate.errors)}`);
  const [conversation, member, sender] = await Promise.all([
    findById<ConversationDoc>(db, 'conversations', message.conversationId),
    findById<MemberDoc>(db, 'members', memberId(message.conversationId, message._openid)),
    findById<{ nickname?: string }>(db, 'users', message._openid),
  ]);
  if (!conversation || conversation.dissolvedAt) return reject(db, message, 'blocked', 'the conversation no longer exists');
  if (!member) return reject(db, message, 'blocked', 'the sender is not a member');
  if (member.mutedUntil > Date.now()) return reject(db, message, 'blocked', 'the sender is muted');

  const verdict = await moderate(message);
  if (verdict.verdict === 'block') return reject(db, message, 'blocked', verdict.reason);
  if (verdict.verdict === 'review') return reject(db, message, 'held', verdict.reason);

  return runTransaction(db, async (t) => {
    const current = (await t.collection('messages').doc(messageId).get()).data as MessageDoc;
    if (current.status !== 'pending') return { messageId, status: current.status, seq: current.seq, reason: current.blockReason };
    const conv = (await t.collection('conversations').doc(message.conversationId).get()).data as ConversationDoc;
    const seq = conv.seq + 1;
    const now = db.serverDate();
    await t.collection('messages').doc(messageId).update({ data: { status: 'visible', seq, createdAt: now } });
    await t.collection('conversations').doc(conv._id).update({
      data: {
        seq,
        updatedAt: now,
        lastMessage: { id: messageId, seq, senderId: message._openid, senderName: sender?.nickname ?? '', type: message.type, preview: previewOf(message.type, message.content), createdAt: now },
      },
    });
    // The sender has read what they wrote: their own message never counts as unread.
    await t.collection('members').doc(memberId(conv._id, message._openid)).update({ data: { lastReadSeq: seq, lastDeliveredSeq: seq, updatedAt: now } });
    return { messageId, status: 'visible' as const, seq };
  });
}
