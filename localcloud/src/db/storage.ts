// Durability: a write-ahead log plus a snapshot, in <dataDir>/database/.
//
// Every committed write (one request, or one transaction) is appended to wal.jsonl as one line of
// after-images with a synchronous write(2) *before* the response is sent. Once write(2) returns,
// the bytes are in the kernel's page cache, so they survive the death of the process (kill -9,
// crash, OOM). They do not survive a power cut or kernel panic unless fsync is on: set
// LOCALCLOUD_DB_FSYNC=1 to fsync after every append (slow; off by default for a dev emulator).
//
// Compaction writes snapshot.jsonl (header line with the last seq, then one line per document) to a
// temporary file, fsyncs it, renames it over the old snapshot, then empties the log. Replay loads
// the snapshot and applies log records with a higher seq, so a crash between rename and truncate
// replays nothing twice. A torn last line (death mid-append) is dropped and cut off the file.
import fs from 'fs';
import path from 'path';
import { decodeEJSON, encodeEJSON } from './ejson';
import type { Doc, DocId } from './types';

export interface LogOp {
  /** collection */
  c: string;
  /** document id (a JSON string or number: 5 and '5' stay apart) */
  i: DocId;
  /** after-image, null for a removal */
  d: Doc | null;
}

export interface LogRecord {
  /** seq of the last change in this record */
  s: number;
  ops: LogOp[];
  /** collections created by this record */
  cc?: string[];
}

export interface Snapshot {
  seq: number;
  collections: Map<string, Doc[]>;
}

const SNAPSHOT_VERSION = 1;

export class DurableStore {
  readonly dir: string;
  private readonly walPath: string;
  private readonly snapshotPath: string;
  private fd: number | null = null;
  private walBytes = 0;
  private readonly fsync = process.env.LOCALCLOUD_DB_FSYNC === '1';

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'database');
    this.walPath = path.join(this.dir, 'wal.jsonl');
    this.snapshotPath = path.join(this.dir, 'snapshot.jsonl');
  }

  /** Reads the snapshot and the log, then opens the log for appending. */
  load(): { snapshot: Snapshot; records: LogRecord[] } {
    fs.mkdirSync(this.dir, { recursive: true });
    this.lock();
    const snapshot = this.readSnapshot();
    const records: LogRecord[] = [];
    if (fs.existsSync(this.walPath)) {
      const text = fs.readFileSync(this.walPath, 'utf8');
      let validBytes = 0;
      let offset = 0;
      while (offset < text.length) {
        const end = text.indexOf('\n', offset);
        if (end < 0) break; // torn final line: never acknowledged
        const line = text.slice(offset, end);
        let record: LogRecord;
        try {
          record = decodeEJSON(line) as LogRecord;
        } catch {
          break;
        }
        if (record.s > snapshot.seq) records.push(record);
        offset = end + 1;
        validBytes += Buffer.byteLength(line, 'utf8') + 1;
      }
      if (validBytes < fs.statSync(this.walPath).size) fs.truncateSync(this.walPath, validBytes);
      this.walBytes = validBytes;
    }
    this.fd = fs.openSync(this.walPath, 'a');
    return { snapshot, records };
  }

  private readSnapshot(): Snapshot {
    const collections = new Map<string, Doc[]>();
    if (!fs.existsSync(this.snapshotPath)) return { seq: 0, collections };
    const lines = fs.readFileSync(this.snapshotPath, 'utf8').split('\n');
    const header = decodeEJSON(lines[0]) as { version: number; seq: number; collections: string[] };
    if (header.version !== SNAPSHOT_VERSION) throw new Error(`unsupported database snapshot version ${header.version} in ${this.snapshotPath}`);
    for (const name of header.collections) collections.set(name, []);
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]) continue;
      const { c, d } = decodeEJSON(lines[i]) as { c: string; d: Doc };
      collections.get(c)?.push(d);
    }
    return { seq: header.seq, collections };
  }

  /** Appends one committed record; returns once the kernel has it (and the disk, with fsync on). */
  append(record: LogRecord): void {
    if (this.fd === null) throw new Error('database log is not open');
    const line = encodeEJSON(record) + '\n';
    const buf = Buffer.from(line, 'utf8');
    let written = 0;
    while (written < buf.length) written += fs.writeSync(this.fd, buf, written);
    if (this.fsync) fs.fsyncSync(this.fd);
    this.walBytes += buf.length;
  }

  get logBytes(): number {
    return this.walBytes;
  }

  /** Writes a snapshot of the whole database and empties the log. Synchronous: no write interleaves. */
  compact(seq: number, collections: Map<string, Iterable<Doc>>): void {
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      let chunk = encodeEJSON({ version: SNAPSHOT_VERSION, seq, collections: [...collections.keys()] }) + '\n';
      for (const [name, docs] of collections) {
        for (const d of docs) {
          chunk += encodeEJSON({ c: name, d }) + '\n';
          if (chunk.length > 1 << 20) {
            fs.writeSync(fd, chunk);
            chunk = '';
          }
        }
      }
      fs.writeSync(fd, chunk);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.snapshotPath);
    if (this.fd !== null) fs.ftruncateSync(this.fd, 0);
    this.walBytes = 0;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.lockPath, { force: true });
  }

  private get lockPath(): string {
    return path.join(this.dir, 'LOCK');
  }

  /** Two processes appending to one log would interleave records: refuse a live owner. */
  private lock(): void {
    const owner = fs.existsSync(this.lockPath) ? Number(fs.readFileSync(this.lockPath, 'utf8')) : 0;
    if (owner && owner !== process.pid && processAlive(owner)) {
      throw new Error(`${this.dir} is in use by process ${owner} (stop that local cloud first)`);
    }
    fs.writeFileSync(this.lockPath, String(process.pid));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
