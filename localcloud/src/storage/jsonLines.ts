// An append-only log of JSON records on disk, one per line: the open-API subscribe outbox and
// consent ledger. Appending costs the same with 10 or 100,000 records, where rewriting a whole
// JsonFile per send made n sends cost n² (the notify timer's 1,000 sends spent most of their time
// re-serialising the outbox). A crash mid-append leaves at most one torn last line, which reading
// skips.
import fs from 'fs';
import path from 'path';

export class JsonLines<T> {
  private cache: T[] | undefined;

  constructor(readonly file: string) {}

  read(): T[] {
    if (this.cache === undefined) {
      const text = fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8') : '';
      // Cut a torn tail off before the next append, which would otherwise continue its line.
      if (text && !text.endsWith('\n')) fs.truncateSync(this.file, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
      this.cache = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          this.cache.push(JSON.parse(line) as T);
        } catch {
          // the torn tail of an append cut short by a crash (cut off above)
        }
      }
    }
    return this.cache;
  }

  append(record: T): void {
    const records = this.read();
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, `${JSON.stringify(record)}\n`);
    records.push(record);
  }
}
