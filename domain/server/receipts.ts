// "Delivered/read up to seq" per member: one document per member and conversation, moved only
// forward, so receipts cost one write per batch rather than one per message and reader.
import type { Reader, ReceiptState } from '../contracts/messaging';
import { AppError, AppErrorCode } from '../errors';
import { memberId } from '../ids';
import { Database, findById, rows } from './database';

export interface ReceiptUpdate {
  conversationId: string;
  deliveredSeq?: number;
  readSeq?: number;
}

interface MemberReceipts {
  lastDeliveredSeq: number;
  lastReadSeq: number;
}

/**
 * Applies a batch for one member. A seq beyond the conversation's last seq is clamped (a client
 * cannot mark the future as read); read implies delivered. Updates use `_.max`-like conditional
 * writes (`where lastReadSeq < n`) so concurrent batches from two devices never move a seq back.
 */
export async function applyReceipts(db: Database, openid: string, updates: ReceiptUpdate[]): Promise<ReceiptState[]> {
  const _ = db.command;
  const results: ReceiptState[] = [];
  for (const update of mergeByConversation(updates)) {
    const id = memberId(update.conversationId, openid);
    const [member, conversation] = await Promise.all([findById<MemberReceipts>(db, 'members', id), findById<{ seq: number }>(db, 'conversations', update.conversationId)]);
    if (!member) throw new AppError(AppErrorCode.NOT_MEMBER, `not a member of ${update.conversationId}`);
    const lastSeq = conversation?.seq ?? 0;
    const read = Math.min(update.readSeq ?? 0, lastSeq);
    const delivered = Math.min(Math.max(update.deliveredSeq ?? 0, read), lastSeq);
    const now = db.serverDate();
    if (delivered > member.lastDeliveredSeq) {
      await db
        .collection('members')
        .where({ _id: id, lastDeliveredSeq: _.lt(delivered) })
        .update({ data: { lastDeliveredSeq: delivered, updatedAt: now } });
    }
    if (read > member.lastReadSeq) {
      await db
        .collection('members')
        .where({ _id: id, lastReadSeq: _.lt(read) })
        .update({ data: { lastReadSeq: read, updatedAt: now } });
    }
    results.push({
      conversationId: update.conversationId,
      lastDeliveredSeq: Math.max(member.lastDeliveredSeq, delivered),
      lastReadSeq: Math.max(member.lastReadSeq, read),
    });
  }
  return results;
}

function mergeByConversation(updates: ReceiptUpdate[]): ReceiptUpdate[] {
  const merged = new Map<string, ReceiptUpdate>();
  for (const u of updates) {
    const prev = merged.get(u.conversationId) ?? { conversationId: u.conversationId };
    merged.set(u.conversationId, {
      conversationId: u.conversationId,
      deliveredSeq: Math.max(prev.deliveredSeq ?? 0, u.deliveredSeq ?? 0),
      readSeq: Math.max(prev.readSeq ?? 0, u.readSeq ?? 0),
    });
  }
  return [...merged.values()];
}

const READERS_PAGE = 50;

/**
 * "Read by k": members other than the asker (the sender, when ticks are tapped) who have read up
 * to `seq`. The count and each page are ranges of the (conversationId, lastReadSeq, openid) index:
 * a covered count and a keyset walk ordered by (lastReadSeq, openid), cursor `seq|openid`, so the
 * cost is the page's, not the group's.
 */
export async function readersOf(db: Database, openid: string, conversationId: string, seq: number, cursor?: string): Promise<{ total: number; readers: Reader[]; nextCursor?: string }> {
  const _ = db.command;
  const mine = rows<{ lastReadSeq: number }>(
    await db
      .collection('members')
      .where({ _id: memberId(conversationId, openid) })
      .limit(1)
      .get(),
  );
  if (mine.length === 0) throw new AppError(AppErrorCode.NOT_MEMBER, `not a member of ${conversationId}`);
  const base = { conversationId, lastReadSeq: _.gte(seq) };
  const counted = ((await db.collection('members').where(base).count()) as { total: number }).total;
  const total = counted - (mine[0].lastReadSeq >= seq ? 1 : 0);
  let where: unknown = base;
  if (cursor) {
    const bar = cursor.indexOf('|');
    const afterSeq = Number(cursor.slice(0, bar));
    const afterId = cursor.slice(bar + 1);
    if (bar < 0 || !Number.isInteger(afterSeq)) throw new AppError(AppErrorCode.INVALID_INPUT, 'bad cursor');
    where = _.and([base, _.or([{ lastReadSeq: _.gt(afterSeq) }, { lastReadSeq: afterSeq, openid: _.gt(afterId) }])]);
  }
  const found = rows<{ openid: string; lastReadSeq: number }>(
    await db
      .collection('members')
      .where(where as Record<string, unknown>)
      .orderBy('lastReadSeq', 'asc')
      .orderBy('openid', 'asc')
      .limit(READERS_PAGE + 1)
      .field({ openid: true, lastReadSeq: true })
      .get(),
  );
  const pageRows = found.slice(0, READERS_PAGE);
  const ids = pageRows.map((m) => m.openid).filter((id) => id !== openid);
  const users = ids.length
    ? rows<{ _id: string; nickname: string; avatarUrl: string }>(
        await db
          .collection('users')
          .where({ _id: _.in(ids) })
          .limit(READERS_PAGE)
          .get(),
      )
    : [];
  const byId = new Map(users.map((u) => [u._id, u]));
  const last = pageRows[pageRows.length - 1];
  return {
    total,
    readers: ids.map((id) => ({ openid: id, nickname: byId.get(id)?.nickname ?? '', avatarUrl: byId.get(id)?.avatarUrl ?? '' })),
    ...(found.length > READERS_PAGE && last ? { nextCursor: `${last.lastReadSeq}|${last.openid}` } : {}),
  };
}
