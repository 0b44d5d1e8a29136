// Records a watch's snapshots and errors and lets a test wait for the next one (event-driven, with
// a deadline instead of fixed sleeps).
import type { Snapshot, WxError } from '../../src/client';

export class WatchRecorder {
  readonly snapshots: Snapshot[] = [];
  readonly errors: WxError[] = [];
  private waiters: Array<() => void> = [];

  onChange = (s: Snapshot): void => {
    this.snapshots.push(s);
    this.wake();
  };
  onError = (e: WxError): void => {
    this.errors.push(e);
    this.wake();
  };

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves when `cond` holds, re-checked after every snapshot or error. */
  async until<T>(cond: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = cond();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.snapshots.map((s) => s.docChanges))} errors ${this.errors.map((e) => e.errMsg)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The snapshot number `n` (0 = init). */
  snapshot(n: number): Promise<Snapshot> {
    return this.until(() => this.snapshots[n], `snapshot #${n}`);
  }

  error(): Promise<WxError> {
    return this.until(() => this.errors[0], 'an error');
  }
}

/** Polls a condition that has no event of its own (server-side bookkeeping). */
export async function eventually(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const ids = (docs: Array<Record<string, unknown>>): unknown[] => docs.map((d) => d._id);
export const changes = (s: Snapshot): Array<[unknown, unknown, unknown]> => s.docChanges.map((c) => [c.docId, c.dataType, c.queueType]);

/**
 * The 1.4.3 realtime client logs every socket event with console.log/warn (whole close events
 * included); silence those two in watch tests. console.error stays visible.
 */
export function quietRealtimeLogs(): void {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
}
