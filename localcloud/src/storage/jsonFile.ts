// A small durable JSON document on disk: the storage index, the open-API ledgers and outbox.
// Written to a temporary file and renamed, so a crash mid-write never leaves half a document.
import fs from 'fs';
import path from 'path';

export class JsonFile<T> {
  private cache: T | undefined;

  constructor(
    readonly file: string,
    private readonly initial: () => T,
  ) {}

  read(): T {
    if (this.cache === undefined) {
      this.cache = fs.existsSync(this.file) ? (JSON.parse(fs.readFileSync(this.file, 'utf8')) as T) : this.initial();
    }
    return this.cache;
  }

  write(value: T): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
    fs.renameSync(tmp, this.file);
    this.cache = value;
  }

  /** Read, change and write back in one synchronous step (no interleaving in one process). */
  update<R>(change: (value: T) => R): R {
    const value = this.read();
    const result = change(value);
    this.write(value);
    return result;
  }
}
