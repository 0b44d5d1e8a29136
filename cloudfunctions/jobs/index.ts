// Timer: advances resumable jobs (dissolve, erase, account deletion, retention, member-key
// backfill; domain/server/jobs) within a time budget well inside this function's timeout.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { jobs } from '../../domain/contracts/safety';
import { runJobs, enqueue, newJob } from '../../domain/server/jobs';
import { sdkPlatform } from '../../domain/server/safety/platform';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

/**
 * The timer's Message (console-editable) or an operator's event may tune the run:
 * `{"budgetMs": 20000, "leaseMs": 30000}`, or start the member-key backfill: `{"enqueue": "memberKeys"}`.
 */
function options(event: { Message?: string; budgetMs?: number; leaseMs?: number; enqueue?: string }) {
  let fromMessage: Record<string, unknown> = {};
  try {
    fromMessage = event.Message ? (JSON.parse(event.Message) as Record<string, unknown>) : {};
  } catch {
    fromMessage = {};
  }
  const merged = { ...fromMessage, ...event } as Record<string, unknown>;
  const num = (v: unknown, max: number) => (typeof v === 'number' && v > 0 ? Math.min(v, max) : undefined);
  return { budgetMs: num(merged.budgetMs, 40_000), leaseMs: num(merged.leaseMs, 120_000), enqueue: merged.enqueue === 'memberKeys' ? 'memberKeys' : undefined };
}

export const main = defineFunction(
  jobs,
  cloud,
  async (event) => {
    const o = options(event);
    if (o.enqueue) await enqueue(db, `memberKeys_${new Date().toISOString().slice(0, 10)}`, newJob('memberKeys', '', {}));
    return runJobs(db, sdkPlatform(), { budgetMs: o.budgetMs, leaseMs: o.leaseMs });
  },
  { allowAnonymous: true, triggersOnly: true },
);
