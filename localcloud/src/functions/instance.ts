// One function instance: a child process running worker.ts for one function. It handles one
// invocation at a time; a timeout kills it (SCF stops a timed-out instance too).
import { fork, ChildProcess } from 'child_process';
import type { ChildMessage, SerializedError } from './protocol';

export type InvocationOutcome = { ok: true; response: string } | { ok: false; kind: 'error'; error: SerializedError } | { ok: false; kind: 'timeout' } | { ok: false; kind: 'crash'; message: string };

export interface LogLine {
  at: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface InstanceSpawnOptions {
  workerJs: string;
  modulePath: string;
  handlerExport: string;
  /** The process environment: nothing inherited from the local cloud's own process. */
  env: Record<string, string>;
  /** How long loading the module may take before the instance is given up. */
  initTimeoutMs: number;
}

export class FunctionInstance {
  private readonly child: ChildProcess;
  private pending: { id: string; settle: (o: InvocationOutcome) => void; onLog: (l: LogLine) => void } | null = null;
  private exited = false;
  private killRequested = false;
  readonly ready: Promise<number>;
  /** Lines written outside any invocation (module load); kept for the first invocation's record. */
  readonly initLogs: LogLine[] = [];
  lastUsed = Date.now();

  constructor(
    readonly functionName: string,
    options: InstanceSpawnOptions,
  ) {
    this.child = fork(options.workerJs, [options.modulePath, options.handlerExport], {
      env: options.env,
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // The worker forwards console output over IPC; anything still reaching the raw pipes (native
    // writes) is attributed to the running invocation, or to init.
    for (const stream of ['stdout', 'stderr'] as const) {
      this.child[stream]?.on('data', (chunk: Buffer) => this.log(stream, chunk.toString('utf8')));
    }
    this.ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`function ${functionName} did not load within ${options.initTimeoutMs} ms`));
        this.kill();
      }, options.initTimeoutMs);
      this.child.on('message', (raw: unknown) => {
        const message = raw as ChildMessage;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.initMs);
        } else if (message.type === 'init-error') {
          clearTimeout(timer);
          reject(new Error(`${message.error.name}: ${message.error.message}`));
        } else if (message.type === 'log') {
          this.log(message.stream, message.text);
        } else if (message.type === 'done' && this.pending?.id === message.id) {
          const pending = this.pending;
          this.pending = null;
          pending.settle(message.ok ? { ok: true, response: message.response } : { ok: false, kind: 'error', error: message.error });
        }
      });
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        clearTimeout(timer);
        reject(new Error(`function ${functionName} exited while loading (code ${code}, signal ${signal})`));
        if (this.pending) {
          const pending = this.pending;
          this.pending = null;
          pending.settle({ ok: false, kind: 'crash', message: `function instance exited (code ${code}, signal ${signal})` });
        }
      });
    });
    // A dead IPC channel surfaces as an 'error' event; the 'exit' handler already settles everything.
    this.child.on('error', () => undefined);
    // Callers observe `ready`; this keeps an unobserved rejection from crashing the local cloud.
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return !this.exited && !this.killRequested;
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  private log(stream: 'stdout' | 'stderr', text: string): void {
    const line = { at: new Date().toISOString(), stream, text };
    if (this.pending) this.pending.onLog(line);
    else this.initLogs.push(line);
  }

  invoke(id: string, env: Record<string, string>, event: unknown, context: Record<string, unknown>, timeoutMs: number, onLog: (line: LogLine) => void): Promise<InvocationOutcome> {
    if (this.pending) throw new Error('function instance is busy');
    if (this.exited) return Promise.resolve({ ok: false, kind: 'crash', message: 'function instance is gone' });
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        this.kill();
        resolve({ ok: false, kind: 'timeout' });
      }, timeoutMs);
      this.pending = {
        id,
        onLog,
        settle: (outcome) => {
          clearTimeout(timer);
          this.lastUsed = Date.now();
          resolve(outcome);
        },
      };
      this.child.send({ type: 'invoke', id, env, event, context }, (err) => {
        if (err && this.pending?.id === id) {
          this.pending = null;
          clearTimeout(timer);
          resolve({ ok: false, kind: 'crash', message: `could not reach the function instance: ${err.message}` });
        }
      });
    });
  }

  kill(): void {
    this.killRequested = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Resolves once the process is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.kill();
    await gone;
  }
}
