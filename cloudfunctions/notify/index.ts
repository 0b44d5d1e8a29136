// Timer: subscribe-message notifications for members who are not in the app.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { timer } from '../../domain/contracts/safety';
import { runNotify } from '../../domain/server/safety/notify';
import { sdkPlatform } from '../../domain/server/safety/platform';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

/** The timer's Message may tune a run: `{"budgetMs": 30000, "maxPages": 10}` (pages of 100 consent ledgers). */
function options(message?: string): { budgetMs?: number; maxPages?: number } {
  try {
    const o = message ? (JSON.parse(message) as Record<string, unknown>) : {};
    const num = (v: unknown, max: number) => (typeof v === 'number' && v > 0 ? Math.min(v, max) : undefined);
    return { budgetMs: num(o.budgetMs, 45_000), maxPages: num(o.maxPages, 1e6) };
  } catch {
    return {};
  }
}

export const main = defineFunction(timer, cloud, (event) => runNotify(db, sdkPlatform(), Date.now(), options(event.Message)), { allowAnonymous: true, triggersOnly: true });
