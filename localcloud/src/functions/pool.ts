// Warm instances per function, as CloudBase keeps instances warm between calls: an invocation takes
// an idle instance of its function (warm) or starts a new one (cold); a process serves one invocation
// at a time, so concurrent calls of one function run in separate processes. The total number of
// processes is capped (2-core machines); calls beyond the cap wait in FIFO order.
import { FunctionInstance, InstanceSpawnOptions } from './instance';

export interface PoolOptions {
  /** Most processes alive at once, all functions together. */
  maxProcesses: number;
  /** Idle instances kept per function; more are stopped when released. */
  maxIdlePerFunction: number;
  /** Idle instances older than this are stopped (CloudBase also recycles idle instances). */
  idleTimeoutMs: number;
}

export interface Lease {
  instance: FunctionInstance;
  cold: boolean;
  initMs: number;
}

export class InstancePool {
  private readonly idle = new Map<string, FunctionInstance[]>();
  private readonly all = new Set<FunctionInstance>();
  private readonly waiting: Array<() => void> = [];
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.sweeper = setInterval(() => this.sweepIdle(), Math.min(options.idleTimeoutMs, 30_000));
    this.sweeper.unref();
  }

  get size(): number {
    return this.all.size;
  }

  async acquire(functionName: string, spawn: () => InstanceSpawnOptions): Promise<Lease> {
    for (;;) {
      if (this.closed) throw new Error('the functions runner is stopped');
      const warm = this.takeIdle(functionName);
      if (warm) return { instance: warm, cold: false, initMs: 0 };
      if (this.all.size < this.options.maxProcesses || this.evictIdleOfOthers()) {
        const instance = new FunctionInstance(functionName, spawn());
        this.all.add(instance);
        try {
          const initMs = await instance.ready;
          return { instance, cold: true, initMs };
        } catch (err) {
          this.forget(instance);
          instance.kill();
          throw err;
        }
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Returns an instance after an invocation; dead or surplus instances are dropped. */
  release(instance: FunctionInstance): void {
    const list = this.idle.get(instance.functionName) ?? [];
    if (!instance.alive || this.closed || list.length >= this.options.maxIdlePerFunction) {
      this.forget(instance);
      instance.kill();
    } else {
      list.push(instance);
      this.idle.set(instance.functionName, list);
    }
    this.waiting.shift()?.();
  }

  private takeIdle(functionName: string): FunctionInstance | undefined {
    const list = this.idle.get(functionName);
    while (list?.length) {
      // Most recently used first: it is the warmest, and the others can age out.
      const instance = list.pop()!;
      if (instance.alive) return instance;
      this.forget(instance);
    }
    return undefined;
  }

  /** At the cap, an idle instance of another function makes room (least recently used first). */
  private evictIdleOfOthers(): boolean {
    let oldest: FunctionInstance | undefined;
    for (const list of this.idle.values()) for (const i of list) if (!oldest || i.lastUsed < oldest.lastUsed) oldest = i;
    if (!oldest) return false;
    this.forget(oldest);
    oldest.kill();
    return true;
  }

  private forget(instance: FunctionInstance): void {
    this.all.delete(instance);
    const list = this.idle.get(instance.functionName);
    if (list)
      this.idle.set(
        instance.functionName,
        list.filter((i) => i !== instance),
      );
  }

  private sweepIdle(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (const list of this.idle.values()) {
      for (const instance of list) {
        if (instance.lastUsed < cutoff) {
          this.forget(instance);
          instance.kill();
        }
      }
    }
  }

  /**
   * SIGKILLs the instances of a function that are serving an invocation, as SCF stops an instance
   * at its timeout or when it dies; their callers get a crash. Returns how many were killed.
   */
  killRunning(functionName: string): number {
    let killed = 0;
    for (const instance of this.all) {
      if (instance.functionName !== functionName || !instance.busy) continue;
      instance.kill();
      killed++;
    }
    return killed;
  }

  /** Stops idle instances of the given functions (all when absent), e.g. after a rebuild. */
  dropIdle(functionNames?: string[]): void {
    for (const [name, list] of this.idle) {
      if (functionNames && !functionNames.includes(name)) continue;
      for (const instance of list) {
        this.forget(instance);
        instance.kill();
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all([...this.all].map((i) => i.stop()));
    this.all.clear();
    this.idle.clear();
  }
}
