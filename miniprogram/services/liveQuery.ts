// A watch that survives what mini programs do to it (cloudbase-facts.md §3, chat-lessons.md):
// closed while the app is hidden or offline (no background connection), reopened on return, and
// after an error closed and reopened with jittered backoff instead of at once and forever.
// The 1.4.3 SDK already reconnects a dropped socket a few times and replays missed events
// (REBUILD_WATCH); onError means it gave up, so the snapshot stream has a hole the owner must fill:
// `beforeOpen(true)` runs before every reopen (the room fills its seq gap there).
import type { SyncState } from '../stores/timeline';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { ClockPort, LifecyclePort, NetworkPort, TimerHandle, WatcherLike, WatchSnapshot } from './ports';

/** The watch's state (the timeline shows it as the connection line). */
export type LiveState = SyncState;

export interface LiveQueryDeps {
  clock: ClockPort;
  lifecycle: LifecyclePort;
  network: NetworkPort;
  backoff?: BackoffPolicy;
  /**
   * A watch that neither starts nor fails within this time is treated as failed: the 1.4.3 client
   * can leave an INIT_WATCH cancelled by its own reconnect logic without calling onError.
   */
  openTimeoutMs?: number;
}

export const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

export interface LiveQuerySource {
  /** Opens the raw watch. */
  open(handlers: { onChange(s: WatchSnapshot): void; onError(e: unknown): void }): WatcherLike;
  /** Runs before (re)opening; `resuming` is false only for the very first open. Throwing counts as an error. */
  beforeOpen?(resuming: boolean): Promise<void>;
  onSnapshot(snapshot: WatchSnapshot): void;
  onState?(state: LiveState, error?: unknown): void;
}

export class LiveQuery {
  private watcher: WatcherLike | null = null;
  /** Bumped on every open/close: callbacks of an older watcher are ignored. */
  private generation = 0;
  private attempts = 0;
  private opened = false;
  private timer: TimerHandle | null = null;
  private openTimer: TimerHandle | null = null;
  private hidden = false;
  private offline = false;
  private stopped = true;
  private unsubscribe: Array<() => void> = [];
  state: LiveState = 'closed';

  constructor(
    private readonly deps: LiveQueryDeps,
    private readonly source: LiveQuerySource,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = [
      this.deps.lifecycle.onHide(() => {
        this.hidden = true;
        this.suspend('paused');
      }),
      this.deps.lifecycle.onShow(() => {
        this.hidden = false;
        this.resumeNow();
      }),
      this.deps.network.onChange((online) => {
        this.offline = !online;
        if (online) this.resumeNow();
        else this.suspend('offline');
      }),
    ];
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    this.suspend('closed');
  }

  /** Close now and reopen at once (e.g. the owner saw a hole in the stream). */
  restart(): void {
    if (this.stopped) return;
    this.suspend('reconnecting');
    void this.connect();
  }

  private setState(state: LiveState, error?: unknown): void {
    this.state = state;
    this.source.onState?.(state, error);
  }

  private resumeNow(): void {
    if (this.stopped || this.hidden || this.offline) return;
    if (this.watcher && this.state === 'live') return;
    this.attempts = 0;
    this.suspend('reconnecting');
    void this.connect();
  }

  private suspend(state: LiveState): void {
    this.generation++;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    this.clearOpenTimer();
    const w = this.watcher;
    this.watcher = null;
    if (w) void Promise.resolve(w.close()).catch(() => undefined);
    this.setState(state);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.hidden || this.offline) return;
    const generation = ++this.generation;
    this.setState(this.opened ? 'reconnecting' : 'connecting');
    try {
      await this.source.beforeOpen?.(this.opened);
      if (generation !== this.generation) return;
      this.watcher = this.source.open({
        onChange: (snapshot) => {
          if (generation !== this.generation) return;
          if (snapshot.type === 'init') {
            this.clearOpenTimer();
            this.attempts = 0;
            this.opened = true;
            this.setState('live');
          }
          this.source.onSnapshot(snapshot);
        },
        onError: (err) => {
          if (generation === this.generation) this.fail(err);
        },
      });
      this.openTimer = this.deps.clock.setTimeout(() => {
        this.openTimer = null;
        if (generation === this.generation) this.fail(new Error('watch did not start in time'));
      }, this.deps.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS);
    } catch (err) {
      if (generation === this.generation) this.fail(err);
    }
  }

  private clearOpenTimer(): void {
    if (this.openTimer !== null) this.deps.clock.clearTimeout(this.openTimer);
    this.openTimer = null;
  }

  private fail(err: unknown): void {
    this.suspend('reconnecting');
    this.setState('reconnecting', err);
    const delay = backoffDelay(this.deps.backoff ?? DEFAULT_BACKOFF, ++this.attempts, this.deps.clock.random);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }
}
