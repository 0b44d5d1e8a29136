// The safety net behind the client's deliver call: a timer finds messages still pending after a
// grace period and delivers them as the sender would have.
import type { MessageDoc } from '../messages';
import { Database, rows } from './database';
import { deliverMessage, DeliveryOutcome } from './deliver';

/** Long enough that a live client's own deliver call has normally finished. */
export const SWEEP_GRACE_MS = 30_000;
const SWEEP_BATCH = 100;

/** Counts only: the answer lands in function logs, which must not list other people's messages. */
export interface SweepReport {
  swept: number;
  byStatus: Partial<Record<DeliveryOutcome['status'], number>>;
}

export async function sweepPending(db: Database, now = Date.now()): Promise<SweepReport> {
  const _ = db.command;
  const stale = rows<Pick<MessageDoc, '_id'>>(
    await db
      .collection('messages')
      .where({ status: 'pending', writtenAt: _.lt(new Date(now - SWEEP_GRACE_MS)) })
      .orderBy('writtenAt', 'asc')
      .limit(SWEEP_BATCH)
      .field({ _id: true })
      .get(),
  );
  const report: SweepReport = { swept: 0, byStatus: {} };
  // One at a time: messages of one conversation must take seqs in the order they were written.
  for (const { _id } of stale) {
    const { status } = await deliverMessage(db, _id, null);
    report.swept++;
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
  }
  return report;
}
