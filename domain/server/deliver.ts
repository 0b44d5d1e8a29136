// Publishing a pending message: validate, moderate, stamp the conversation's next seq and make it
// visible, all or nothing. Called by the `deliver` function (the sender, right after writing) and
// by the `sweep` timer (anything left pending). A second delivery of the same message changes
// nothing: the transaction re-reads the message and stops if it is no longer pending, and
// concurrent deliveries conflict on the message document so only one commits.
import messagesSpec from '../../database/messages.json';
import { compile, describeErrors } from '../validate';
import type { ConversationDoc, MemberDoc } from '../contracts/documents';
import type { DeliveryOutcome } from '../contracts/messaging';
import { AppError, AppErrorCode } from '../errors';
import { memberId, newClientId } from '../ids';
import { MessageDoc, MessageType, previewOf, SystemEventKind, type ReasonCode } from '../messages';
import { decide } from '../permissions';
import { Database, findById, runTransaction, Transaction } from './database';
import { moderate } from './moderation';

// The spec JSON is inlined into each function bundle by esbuild. Validating the stored document
// catches clients that wrote around the mini program (rules cannot check shapes).
let validateMessage: ReturnType<typeof compile> | undefined;
function messageValidator() {
  return (validateMessage ??= compile(messagesSpec.schema as Record<string, unknown>));
}

/**
 * Fields only the server writes on a message. The create rule refuses them; a pending message that
 * carries one anyway (written before that rule, or by a path around it) is blocked, and they are
 * removed whatever the outcome, so a forged seq never makes held or blocked text readable (the read
 * rule shows messages with a seq) nor misleads an honest phone's gap fill.
 */
const SERVER_FIELDS = ['seq', 'createdAt', 'system', 'reactions', 'editedAt'] as const;

async function reject(db: Database, message: MessageDoc, status: 'blocked' | 'held', code: ReasonCode, reason: string, details?: Record<string, unknown>): Promise<DeliveryOutcome> {
  const _ = db.command;
  const data: Record<string, unknown> = { status, blockReason: reason };
  for (const field of SERVER_FIELDS) data[field] = _.remove();
  await db.collection('messages').where({ _id: message._id, status: 'pending' }).update({ data });
  return { messageId: message._id, status, reason, code, ...(details ? { details } : {}) };
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

  const forged = SERVER_FIELDS.filter((field) => (message as unknown as Record<string, unknown>)[field] !== undefined);
  if (forged.length) return reject(db, message, 'blocked', 'INVALID_MESSAGE', `invalid message: ${forged.join(', ')} may only be set by the server`);
  const validate = messageValidator();
  if (!validate(message)) return reject(db, message, 'blocked', 'INVALID_MESSAGE', `invalid message: ${describeErrors(validate.errors)}`);
  const [conversation, member, sender] = await Promise.all([
    findById<ConversationDoc>(db, 'conversations', message.conversationId),
    findById<MemberDoc>(db, 'members', memberId(message.conversationId, message._openid)),
    findById<{ nickname?: string }>(db, 'users', message._openid),
  ]);
  if (!conversation || conversation.dissolvedAt) return reject(db, message, 'blocked', 'CONVERSATION_GONE', 'the conversation no longer exists');
  if (!member) return reject(db, message, 'blocked', 'NOT_MEMBER', 'the sender is not a member');
  // The same matrix the groups function and the UI read: muted members, mute-all for ordinary
  // members, file sharing switched off.
  const operation = message.type === 'file' ? 'shareFile' : 'post';
  const decision = decide(operation, { actor: member.role, settings: conversation.settings, mutedUntil: member.mutedUntil });
  if (!decision.allowed)
    return reject(
      db,
      message,
      'blocked',
      decision.code === 'MUTED' ? 'MUTED' : decision.code === 'BANNED' || decision.code === 'NOT_MEMBER' ? decision.code : 'FORBIDDEN',
      decision.code === 'MUTED' ? 'the sender is muted' : decision.reason,
    );

  const verdict = await moderate(message, { db, conversation, member, bySweep: senderOpenid === null });
  if (verdict.verdict === 'block') return reject(db, message, 'blocked', verdict.code, verdict.reason, verdict.details);
  if (verdict.verdict === 'review') return reject(db, message, 'held', verdict.code, verdict.reason);

  return runTransaction(db, async (t) => {
    const current = (await t.collection('messages').doc(messageId).get()).data as MessageDoc;
    if (current.status !== 'pending') return { messageId, status: current.status, seq: current.seq, reason: current.blockReason };
    const now = db.serverDate();
    const seq = await stampNextSeq(db, t, message.conversationId, {
      id: messageId,
      senderId: message._openid,
      senderName: sender?.nickname ?? '',
      type: message.type,
      preview: previewOf(message.type, message.content),
    });
    await t
      .collection('messages')
      .doc(messageId)
      .update({ data: { status: 'visible', seq, createdAt: now } });
    // The sender has read what they wrote: their own message never counts as unread.
    await t
      .collection('members')
      .doc(memberId(message.conversationId, message._openid))
      .update({ data: { lastReadSeq: seq, lastDeliveredSeq: seq, updatedAt: now } });
    return { messageId, status: 'visible' as const, seq };
  });
}

/** What the conversation list shows of a conversation's newest message. */
export interface LastMessageSummary {
  id: string;
  senderId: string;
  senderName: string;
  type: MessageType;
  preview: string;
}

/**
 * The one home of seq stamping: inside transaction `t`, takes the conversation's next seq and
 * records the message as its newest. Writing the conversation makes concurrent stampers conflict
 * (first writer wins; the others retry in runTransaction and read the new seq), so each seq is
 * given once.
 */
export async function stampNextSeq(db: Database, t: Transaction, conversationId: string, last: LastMessageSummary): Promise<number> {
  const conv = (await t.collection('conversations').doc(conversationId).get()).data as ConversationDoc;
  const seq = conv.seq + 1;
  const now = db.serverDate();
  // The SDK flattens `lastMessage: {...}` into $set of 'lastMessage.id', 'lastMessage.seq', ...,
  // and MongoDB (so CloudBase) refuses a path through null ("Cannot create field 'id' in element
  // {lastMessage: null}"): a new conversation's null becomes an empty object first. (Not one
  // `_.set({...})`: the SDK does not convert a serverDate inside a command's object.)
  if (conv.lastMessage === null || typeof conv.lastMessage !== 'object') {
    await t
      .collection('conversations')
      .doc(conversationId)
      .update({ data: { lastMessage: db.command.set({}) } });
  }
  await t
    .collection('conversations')
    .doc(conversationId)
    .update({ data: { seq, updatedAt: now, lastMessage: { ...last, seq, createdAt: now } } });
  return seq;
}

/** A server-authored event in a group's timeline (joins, leaves, role and setting changes). */
export interface SystemEvent {
  event: SystemEventKind;
  actorId: string;
  targetId?: string;
  /** The line every client can show as is (English; clients may render `event` their own way). */
  text: string;
  details?: Record<string, unknown>;
}

export const SYSTEM_SENDER = 'system';

/**
 * Publishes a system message (type 'system', visible at once) with the next seq, inside the
 * caller's transaction so the event and the change it reports commit together.
 */
export async function publishSystemMessage(db: Database, t: Transaction, conversationId: string, event: SystemEvent): Promise<{ messageId: string; seq: number }> {
  const messageId = `sys_${newClientId()}`;
  const content = { text: event.text.slice(0, 2000) };
  const seq = await stampNextSeq(db, t, conversationId, { id: messageId, senderId: SYSTEM_SENDER, senderName: '', type: 'system', preview: previewOf('system', content) });
  const now = db.serverDate();
  const system: Record<string, unknown> = { event: event.event, actorId: event.actorId };
  if (event.targetId) system.targetId = event.targetId;
  if (event.details) system.details = event.details;
  await t
    .collection('messages')
    .doc(messageId)
    .set({
      data: { conversationId, _openid: SYSTEM_SENDER, type: 'system', content, system, status: 'visible', seq, clientTime: Date.now(), writtenAt: now, createdAt: now },
    });
  return { messageId, seq };
}
