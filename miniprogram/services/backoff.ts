// Jittered exponential backoff: every retry loop in the services (outbox, watches, receipts) waits
// this way, so a thousand phones coming back from a dead network do not hammer the cloud in step.

export interface BackoffPolicy {
  /** First wait, ms. */
  baseMs: number;
  /** Ceiling, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000 };

/**
 * The wait before retry number `attempt` (1 = first retry): "equal jitter", half fixed and half
 * random, so waits still grow with attempts but two clients rarely collide.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
