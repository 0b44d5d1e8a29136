// Per-group message retention (conversations.settings.retentionDays; absent or 0 keeps forever),
// applied by the retention timer: messages written before the cutoff are deleted with their stored
// files. Bounded per run (a backlog drains over several runs); ordered by writtenAt, which every
// message has (held and blocked ones never get createdAt).
import type { Database } from '../database';
import { advanceNow, enqueue, newJob } from '../jobs';
import type { Platform } from './platform';

/** The retention function's timeout is 120 s; the jobs timer takes over whatever is left. */
const INLINE_BUDGET_MS = 60_000;

export interface RetentionReport {
  conversations: number;
  messagesDeleted: number;
  filesDeleted: number;
  jobId: string;
  status: string;
}

/**
 * The daily timer starts that day's retention job (`retention_<date>`, domain/server/jobs/kinds.ts:
 * every group with retentionDays, all its messages past the cutoff, 500 per step) and advances it
 * for up to a minute; a backlog of any size drains over the following jobs-timer runs, not over
 * days. A second firing the same day answers the same job.
 */
export async function applyRetention(db: Database, platform: Platform, now = Date.now()): Promise<RetentionReport> {
  const jobId = `retention_${new Date(now).toISOString().slice(0, 10)}`;
  await enqueue(db, jobId, newJob('retention', '', { now }));
  const job = await advanceNow(db, platform, jobId, INLINE_BUDGET_MS);
  const r = job?.result ?? {};
  return { conversations: Number(r.conversations ?? 0), messagesDeleted: Number(r.messagesDeleted ?? 0), filesDeleted: Number(r.filesDeleted ?? 0), jobId, status: job?.status ?? 'queued' };
}
