// A room's slow-mode / rate-window wait, as a small observable state object (stream-chat-js's
// CooldownTimer is the model): `set(until, limit)` when the outbox holds a message the server
// asked to wait for; `remaining` then counts whole seconds down to 0, ticking on the second, and
// the input bar shows it (words in utils/reasons.ts). The outbox retries at `until` on its own.
import { action, makeObservable, observable } from 'mobx-miniprogram';

export interface CooldownClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: CooldownClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Cooldown {
  /** Seconds left, rounded up; 0 when nothing waits. */
  remaining = 0;
  /** 'slow_mode' | 'rate' (the server's details.limit), '' when it did not say. */
  limit = '';
  private until = 0;
  private timer: unknown = null;

  constructor(private readonly clock: CooldownClock = systemClock) {
    makeObservable<Cooldown, 'tick'>(this, { remaining: observable, limit: observable, set: action, tick: action });
  }

  set(until: number, limit: string): void {
    if (until === this.until && limit === this.limit) return;
    this.until = until;
    this.limit = until ? limit : '';
    this.tick();
  }

  private tick(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const left = this.until - this.clock.now();
    this.remaining = left > 0 ? Math.ceil(left / 1000) : 0;
    if (!this.remaining) {
      this.until = 0;
      this.limit = '';
      return;
    }
    // wake at the next whole second of the remaining time, so the number steps evenly
    this.timer = this.clock.setTimeout(() => this.tick(), left % 1000 || 1000);
  }
}
