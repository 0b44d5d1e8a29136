// One watched query's live result window, shared by every watch on the same (collection, query,
// orderBy, limit): the broadcast shape Tencent recommends, computed once per change however many
// clients listen. Turns each committed ChangeEvent into the watch changes CloudBase sends:
//  - a document that starts matching: enqueue (DataType add for an insert, update/replace otherwise);
//  - one that stops matching or is removed: dequeue (DataType remove for a removal);
//  - one that stays: QueueType update;
//  - with a limit, documents pushed out of or pulled into the window by that change: DataType limit.
// Changes are applied strictly in commit order (a promise queue); only a window that lost a
// document while more matching documents exist outside it goes back to the database to refill.
import type { ChangeEvent, DatabaseService, Doc, Query } from '../db/types';
import { comparator, type SortSpec } from './order';
import { MAX_WATCH_RECORDS, type DataType, type WatchChange } from './protocol';

export class WatchLimitError extends Error {}

/** A watch attached to a window: gets every change after its snapshot, or the window's failure. */
export interface WindowListener {
  changes(changes: WatchChange[]): void;
  fail(err: Error): void;
}

type Db = Pick<DatabaseService, 'find' | 'matches'>;

export class QueryWindow {
  private docs: Doc[] = [];
  /** True when every matching document is in `docs` (nothing waits outside the limit). */
  private complete = true;
  private queue: Promise<void>;
  private readonly compare: (a: Doc, b: Doc) => number;
  private readonly limit: number;
  private failed: Error | null = null;
  private readonly listeners = new Set<WindowListener>();

  constructor(
    private readonly db: Db,
    readonly collection: string,
    readonly query: Query,
    private readonly sort: SortSpec,
    limit: number | undefined,
  ) {
    this.limit = limit && limit > 0 ? limit : Infinity;
    this.compare = comparator(sort);
    this.queue = this.load();
  }

  private async fetch(): Promise<Doc[]> {
    const cap = Math.min(this.limit, MAX_WATCH_RECORDS);
    const docs = await this.db.find(this.collection, this.query, { sort: this.sort, limit: cap + 1 });
    if (docs.length > MAX_WATCH_RECORDS) throw new WatchLimitError(`the watched query matches more than ${MAX_WATCH_RECORDS} records`);
    return docs;
  }

  private async load(): Promise<void> {
    const docs = await this.fetch();
    this.complete = docs.length <= this.limit;
    this.docs = docs.slice(0, this.limit);
  }

  /**
   * Attaches a watch: resolves with the window as it stands after every change queued so far (its
   * init snapshot); the listener then gets exactly the changes after that point.
   */
  join(listener: WindowListener): Promise<Doc[]> {
    return this.enqueue(async () => {
      this.listeners.add(listener);
      return [...this.docs];
    });
  }

  leave(listener: WindowListener): void {
    this.listeners.delete(listener);
  }

  get watcherCount(): number {
    return this.listeners.size;
  }

  apply(event: ChangeEvent): void {
    if (event.collection !== this.collection) return;
    void this.enqueue(() => this.process(event)).catch(() => undefined);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.failed) throw this.failed;
      return task();
    });
    this.queue = run.then(
      () => undefined,
      (err: Error) => {
        if (!this.failed) {
          this.failed = err;
          for (const l of this.listeners) l.fail(err);
        }
      },
    );
    return run;
  }

  private async process(event: ChangeEvent): Promise<void> {
    const id = event.id;
    const before = this.docs;
    const wasIn = before.some((d) => d._id === id);
    const matches = event.after !== null && this.db.matches(this.query, event.after);
    if (!wasIn && !matches) return;

    let next = before.filter((d) => d._id !== id);
    if (matches) next = insertSorted(next, event.after as Doc, this.compare);
    let overflowed = false;
    if (next.length > this.limit) {
      next = next.slice(0, this.limit);
      overflowed = true;
    }
    const landedLast = next.length > 0 && next[next.length - 1]._id === id;
    // A document left a window that has more candidates outside, or the changed one now sits at the
    // edge where an outside document might belong before it: ask the database.
    if (!this.complete && (next.length < this.limit || landedLast)) {
      next = (await this.fetch()).slice(0, this.limit + 1);
      overflowed = next.length > this.limit;
      next = next.slice(0, this.limit);
    }
    if (overflowed) this.complete = false;
    else if (this.complete && next.length > MAX_WATCH_RECORDS) throw new WatchLimitError(`the watched query matches more than ${MAX_WATCH_RECORDS} records`);
    else if (!this.complete && next.length < this.limit) this.complete = true;
    this.docs = next;
    const changes = diff(before, next, event);
    if (changes.length) for (const l of this.listeners) l.changes(changes);
  }
}

function insertSorted(docs: Doc[], doc: Doc, compare: (a: Doc, b: Doc) => number): Doc[] {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(docs[mid], doc) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return [...docs.slice(0, lo), doc, ...docs.slice(lo)];
}

function dataTypeOf(kind: ChangeEvent['kind']): DataType {
  return kind === 'insert' ? 'add' : kind;
}

/** Watch changes between two windows, the changed document first, then what the limit moved. */
function diff(before: Doc[], after: Doc[], event: ChangeEvent): WatchChange[] {
  const changes: WatchChange[] = [];
  const oldIds = new Set(before.map((d) => d._id));
  const newIds = new Set(after.map((d) => d._id));
  const id = event.id;
  const fields = event.kind === 'update' ? { updatedFields: event.updatedFields ?? {}, removedFields: event.removedFields ?? [] } : {};
  if (oldIds.has(id) && newIds.has(id)) {
    changes.push({ dataType: dataTypeOf(event.kind), queueType: 'update', doc: after.find((d) => d._id === id)!, ...fields });
  } else if (oldIds.has(id)) {
    const doc = (event.after ?? event.before ?? before.find((d) => d._id === id)) as Doc;
    changes.push({ dataType: dataTypeOf(event.kind), queueType: 'dequeue', doc, ...fields });
  } else if (newIds.has(id)) {
    changes.push({ dataType: dataTypeOf(event.kind), queueType: 'enqueue', doc: after.find((d) => d._id === id)!, ...fields });
  }
  for (const d of before) if (d._id !== id && !newIds.has(d._id)) changes.push({ dataType: 'limit', queueType: 'dequeue', doc: d });
  for (const d of after) if (d._id !== id && !oldIds.has(d._id)) changes.push({ dataType: 'limit', queueType: 'enqueue', doc: d });
  return changes;
}
