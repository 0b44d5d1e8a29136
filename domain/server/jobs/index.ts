// Resumable jobs: work too large for one request (dissolving a 100,000-member group, erasing what
// a leaver wrote, deleting an account, applying retention, backfilling member keys) is a document
// in `jobs`, advanced in bounded steps by the `jobs` timer (every minute) and, for a first slice,
// by the request that starts it.
//
// - A job's _id is derived from what it does (`dissolve_<group>`, `account_<openid>`...), so the
//   request that starts it is idempotent: a retry finds the same job and answers it.
// - A run takes a job by lease: a conditional update `leaseUntil < now` -> `now + leaseMs` with a
//   fresh leaseId. Two timers never run one job at once; a run that died (killed at its timeout,
//   the instance recycled) leaves a lease that simply expires, and the next run resumes.
// - Every step is one bounded batch (at most a few hundred documents, a few database calls) and is
//   idempotent: it works on what is still there (the first remaining member documents, not an
//   offset), in an order that never orphans anything (an inbox entry goes before its member
//   document; a member document before the count it decrements, in one transaction).
// - Progress is written after each step under the lease (`where leaseId`), which also renews it; a
//   run whose lease was taken over stops at its next write. A run stops starting steps once its
//   time budget is spent, well inside the function timeout.
import { newClientId } from '../../ids';
import type { Database } from '../database';
import { findById, rows } from '../database';
import type { Platform } from '../safety/platform';
import { STEPS } from './kinds';
import type { JobDoc, JobKind, JobStatus, StepOutcome } from './types';

export type { JobDoc, JobKind, JobStatus } from './types';

export interface RunOptions {
  /** Stop starting steps after this long (default 20 s: the jobs function's timeout is 60 s). */
  budgetMs?: number;
  /** How long a taken job stays ours without a progress write (default 30 s). */
  leaseMs?: number;
  /** Only this job (the request that started it advancing its first slice). */
  jobId?: string;
  now?: () => number;
}

export const DEFAULT_BUDGET_MS = 20_000;
export const DEFAULT_LEASE_MS = 30_000;
const CLAIM_BATCH = 10;

export function jobView(job: JobDoc): { jobId: string; kind: JobKind; status: JobStatus; done: number; total?: number } {
  return { jobId: job._id, kind: job.kind, status: job.status, done: job.progress.done, ...(job.progress.total !== undefined ? { total: job.progress.total } : {}) };
}

/**
 * The job with this id, created if absent (a retry of the starting request finds the first).
 * Pass `t` to create it inside the transaction that decides the work (dissolve).
 */
export function newJob(kind: JobKind, ownerId: string, params: Record<string, unknown>, total?: number): Omit<JobDoc, '_id' | 'createdAt' | 'updatedAt'> {
  return { kind, ownerId, params, status: 'queued', progress: { phase: 0, done: 0, ...(total !== undefined ? { total } : {}) }, leaseUntil: 0, runs: 0 };
}

export async function enqueue(db: Database, id: string, job: ReturnType<typeof newJob>): Promise<JobDoc> {
  const now = db.serverDate();
  try {
    await db.collection('jobs').add({ data: { _id: id, ...job, createdAt: now, updatedAt: now } });
  } catch (err) {
    if (!/duplicate|exist/i.test(String((err as Error)?.message ?? err))) throw err;
  }
  return (await findById<JobDoc>(db, 'jobs', id))!;
}

async function claim(db: Database, job: JobDoc, now: number, leaseMs: number): Promise<string | null> {
  const _ = db.command;
  const leaseId = newClientId();
  const res = (await db
    .collection('jobs')
    .where({ _id: job._id, status: _.in(['queued', 'running']), leaseUntil: _.lt(now) })
    .update({ data: { leaseUntil: now + leaseMs, leaseId, status: 'running', runs: _.inc(1), updatedAt: db.serverDate() } })) as { stats: { updated: number } };
  return res.stats.updated === 1 ? leaseId : null;
}

/** Writes under the lease; false when another run has taken the job over. */
async function record(db: Database, job: JobDoc, leaseId: string, data: Record<string, unknown>): Promise<boolean> {
  const res = (await db
    .collection('jobs')
    .where({ _id: job._id, leaseId })
    .update({ data: { ...data, updatedAt: db.serverDate() } })) as { stats: { updated: number } };
  return res.stats.updated === 1;
}

/** Advances one claimed job until it finishes, the budget is spent or the lease is lost. */
async function advance(db: Database, platform: Platform, job: JobDoc, leaseId: string, deadline: number, leaseMs: number, now: () => number): Promise<JobDoc> {
  const phases = STEPS[job.kind];
  let current: JobDoc = { ...job, status: 'running' };
  while (now() < deadline) {
    const progress = { ...current.progress };
    if (progress.phase >= phases.length) break;
    let outcome: StepOutcome;
    try {
      outcome = await phases[progress.phase]({ db, platform, job: current });
    } catch (err) {
      // A failing step is retried by the next run (the lease expires); after many runs it is failed.
      if (current.runs >= 50) await record(db, current, leaseId, { status: 'failed', error: String((err as Error)?.message ?? err), leaseUntil: 0 });
      throw err;
    }
    progress.done += outcome.handled;
    if (outcome.phaseDone) {
      progress.phase += 1;
      delete progress.cursor;
    } else if (outcome.cursor !== undefined) progress.cursor = outcome.cursor;
    const result = outcome.result ? { ...(current.result ?? {}), ...outcome.result } : current.result;
    const finished = progress.phase >= phases.length;
    const data: Record<string, unknown> = { progress, leaseUntil: finished ? 0 : now() + leaseMs, ...(result ? { result } : {}) };
    if (finished) Object.assign(data, { status: 'done', finishedAt: db.serverDate() });
    if (outcome.params) data.params = outcome.params;
    if (outcome.ownerId !== undefined) data.ownerId = outcome.ownerId;
    if (!(await record(db, current, leaseId, data))) break;
    current = {
      ...current,
      progress,
      ...(result ? { result } : {}),
      ...(finished ? { status: 'done' as const } : {}),
      ...(outcome.params ? { params: outcome.params } : {}),
      ...(outcome.ownerId !== undefined ? { ownerId: outcome.ownerId } : {}),
    };
    if (finished) return current;
  }
  // Out of budget: hand the job back at once (the next timer resumes it without waiting out the lease).
  if (current.status !== 'done') await record(db, current, leaseId, { leaseUntil: 0 });
  return current;
}

export interface RunReport {
  advanced: number;
  finished: number;
  jobs: Array<ReturnType<typeof jobView>>;
}

/** The jobs timer: takes due jobs (oldest first) and advances them within the budget. */
export async function runJobs(db: Database, platform: Platform, options: RunOptions = {}): Promise<RunReport> {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const report: RunReport = { advanced: 0, finished: 0, jobs: [] };
  const _ = db.command;
  const tried = new Set<string>();
  while (now() < deadline) {
    const where: Record<string, unknown> = { status: _.in(['queued', 'running']), leaseUntil: _.lt(now()) };
    if (options.jobId) where._id = options.jobId;
    const due = rows<JobDoc>(await db.collection('jobs').where(where).orderBy('createdAt', 'asc').limit(CLAIM_BATCH).get()).filter((j) => !tried.has(j._id));
    if (!due.length) break;
    for (const job of due) {
      tried.add(job._id);
      if (now() >= deadline) break;
      const leaseId = await claim(db, job, now(), leaseMs);
      if (!leaseId) continue;
      const after = await advance(db, platform, { ...job, runs: job.runs + 1 }, leaseId, deadline, leaseMs, now);
      report.advanced++;
      if (after.status === 'done') report.finished++;
      report.jobs.push(jobView(after));
    }
  }
  return report;
}

/** The starting request's first slice: advances only `jobId`, within `budgetMs`. */
export async function advanceNow(db: Database, platform: Platform, jobId: string, budgetMs: number): Promise<JobDoc | null> {
  await runJobs(db, platform, { jobId, budgetMs });
  return findById<JobDoc>(db, 'jobs', jobId);
}
