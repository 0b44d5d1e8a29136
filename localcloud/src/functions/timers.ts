// Fires timer triggers on their cron schedule while the local cloud runs. Like SCF's timers, a fire
// does not wait for the previous run of the same trigger to finish, and results go nowhere but the
// invocation log (timer calls are asynchronous).
import type { FunctionDefinition, TimerTrigger } from './config';
import { nextFireTime } from './cron';

/** setTimeout's ceiling (~24.8 days); longer waits are taken in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export type FireTimer = (fn: FunctionDefinition, trigger: TimerTrigger, scheduledAt: number) => void;

export class TimerScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;

  constructor(private readonly fire: FireTimer) {}

  start(functions: Iterable<FunctionDefinition>): void {
    this.running = true;
    for (const fn of functions) for (const trigger of fn.triggers) this.schedule(fn, trigger, Date.now());
  }

  private schedule(fn: FunctionDefinition, trigger: TimerTrigger, after: number): void {
    if (!this.running) return;
    const at = nextFireTime(trigger.cron, after);
    if (at === null) return;
    const wait = (): void => {
      const delay = at - Date.now();
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          if (!this.running) return;
          if (Date.now() < at) return wait();
          this.fire(fn, trigger, at);
          // From the slot just fired (or now, if the process stalled past later slots: skip them).
          this.schedule(fn, trigger, Math.max(at, Date.now() - 1000));
        },
        Math.min(Math.max(delay, 0), MAX_DELAY_MS),
      );
      // Timers alone do not keep the process alive; the HTTP server does while the cloud runs.
      timer.unref();
      this.timers.add(timer);
    };
    wait();
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
