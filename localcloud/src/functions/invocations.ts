// The record of every invocation: a bounded ring in memory for the console and tests, and an
// append-only JSON-lines file in <dataDir>/functions for after-the-fact reading.
import fs from 'fs';
import path from 'path';
import type { LogLine } from './instance';

export type InvocationTrigger = { kind: 'call'; via: 'client' | 'admin' | 'function' | 'node' } | { kind: 'timer'; trigger: string };

export interface InvocationRecord {
  id: string;
  function: string;
  trigger: InvocationTrigger;
  openid?: string;
  appid?: string;
  /** getWXContext().SOURCE as the function saw it, e.g. "wx_client" or "wx_client,scf". */
  source?: string;
  /** The invocation that called this one (function-to-function), if any. */
  parentId?: string;
  event: unknown;
  startedAt: string;
  durationMs?: number;
  /** Whether a new process was started (and how long loading the bundle took). */
  cold?: boolean;
  initMs?: number;
  status: 'running' | 'ok' | 'error' | 'timeout';
  result?: unknown;
  error?: { code: string; message: string };
  logs: LogLine[];
}

/** A chatty function must not fill memory: logs beyond these are cut with a note. */
const MAX_LOG_LINES = 500;
const MAX_LOG_CHARS = 64 * 1024;

export function appendLog(record: InvocationRecord, line: LogLine): void {
  const used = record.logs.reduce((n, l) => n + l.text.length, 0);
  if (record.logs.length >= MAX_LOG_LINES || used >= MAX_LOG_CHARS) {
    const last = record.logs[record.logs.length - 1];
    if (last?.text !== '[log truncated]\n') record.logs.push({ at: line.at, stream: 'stderr', text: '[log truncated]\n' });
    return;
  }
  record.logs.push({ ...line, text: line.text.slice(0, MAX_LOG_CHARS - used) });
}

export class InvocationLog {
  private readonly ring: InvocationRecord[] = [];
  private readonly listeners = new Set<(r: InvocationRecord) => void>();
  private readonly file: string;

  constructor(
    dir: string,
    private readonly capacity = 1000,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'invocations.jsonl');
  }

  started(record: InvocationRecord): void {
    this.ring.push(record);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
  }

  finished(record: InvocationRecord): void {
    // Appended synchronously so the file order is the completion order, even across crashes.
    fs.appendFileSync(this.file, JSON.stringify(record) + '\n');
    for (const listener of this.listeners) listener(record);
  }

  /** Newest first. */
  list(filter: { name?: string; limit?: number } = {}): InvocationRecord[] {
    const limit = Math.max(1, Math.min(filter.limit ?? 50, this.capacity));
    const out: InvocationRecord[] = [];
    for (let i = this.ring.length - 1; i >= 0 && out.length < limit; i--) {
      if (!filter.name || this.ring[i].function === filter.name) out.push(this.ring[i]);
    }
    return out;
  }

  onFinished(listener: (r: InvocationRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
