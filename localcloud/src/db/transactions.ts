// Transactions as wx-server-sdk drives them (@cloudbase/database 1.4.3 transaction/index.js):
// `database.startTransaction` answers a top-level `transactionId`; reads and writes then carry
// `transactionId` on the ordinary getDocument/insertDocument/modifyDocument/removeDocument actions;
// `database.commitTransaction` / `database.abortTransaction` end it. runTransaction() retries the
// callback when commit fails with DATABASE_TRANSACTION_CONFLICT.
//
// Here a transaction buffers its writes in an overlay (invisible to everyone else) and remembers
// the version of every document it read or wrote. Commit fails with a conflict when any of those
// documents changed since, and otherwise applies the overlay as one durable batch. Stricter than
// MongoDB's snapshot isolation (reads are validated too), which rules out lost updates in the
// read-modify-write pattern transactions exist for.
import { randomBytes } from 'crypto';
import { CloudError, ErrorCodes } from '../errors';
import type { Collection, DocChange } from './collection';
import type { Doc, DocId, Query } from './types';

/** An idle transaction is dropped after this long (CloudBase also expires abandoned transactions). */
export const TRANSACTION_IDLE_MS = 60_000;

interface PendingWrite {
  doc: Doc | null;
  /** 'replace' once any set() touched it, so the commit event says so. */
  replaced: boolean;
}

export class Transaction {
  private readonly writes = new Map<string, Map<DocId, PendingWrite>>();
  private readonly seen = new Map<string, Map<DocId, number>>();
  lastUsed = Date.now();

  constructor(readonly id: string) {}

  /** Remembers the committed version of a document the first time this transaction looks at it. */
  observe(coll: Collection, id: DocId): void {
    let versions = this.seen.get(coll.name);
    if (!versions) this.seen.set(coll.name, (versions = new Map()));
    if (!versions.has(id)) versions.set(id, coll.versions.get(id) ?? 0);
  }

  get(coll: Collection, id: DocId): Doc | undefined {
    this.observe(coll, id);
    const pending = this.writes.get(coll.name)?.get(id);
    if (pending) return pending.doc ?? undefined;
    return coll.docs.get(id);
  }

  /** Committed candidates with this transaction's own writes laid over them. */
  *candidates(coll: Collection, query: Query): Iterable<Doc> {
    const overlay = this.writes.get(coll.name);
    for (const id of coll.candidateIds(query)) {
      if (overlay?.has(id)) continue;
      const doc = coll.docs.get(id);
      if (doc) yield doc;
    }
    if (overlay) for (const w of overlay.values()) if (w.doc) yield w.doc;
  }

  write(coll: Collection, id: DocId, doc: Doc | null, replaced = false): void {
    this.observe(coll, id);
    let overlay = this.writes.get(coll.name);
    if (!overlay) this.writes.set(coll.name, (overlay = new Map()));
    const previous = overlay.get(id);
    overlay.set(id, { doc, replaced: replaced || (previous?.replaced ?? false) });
    this.lastUsed = Date.now();
  }

  /** Validates against the committed state and returns the changes to commit. */
  prepare(collections: Map<string, Collection>): DocChange[] {
    for (const [name, versions] of this.seen) {
      const coll = collections.get(name);
      for (const [id, version] of versions) {
        if ((coll?.versions.get(id) ?? 0) !== version) {
          throw new CloudError(ErrorCodes.TRANSACTION_CONFLICT, `transaction ${this.id} conflicts with a concurrent write to ${name}/${id}`);
        }
      }
    }
    const changes: DocChange[] = [];
    for (const [name, overlay] of this.writes) {
      const coll = collections.get(name)!;
      for (const [id, w] of overlay) {
        const before = coll.docs.get(id) ?? null;
        if (!before && !w.doc) continue;
        const kind = !before ? 'insert' : !w.doc ? 'remove' : w.replaced ? 'replace' : 'update';
        changes.push({ collection: name, id, before, after: w.doc, kind });
      }
    }
    return changes;
  }
}

export class TransactionRegistry {
  private readonly open = new Map<string, Transaction>();

  start(): Transaction {
    this.sweep();
    const t = new Transaction(randomBytes(16).toString('hex'));
    this.open.set(t.id, t);
    return t;
  }

  get(id: string): Transaction {
    this.sweep();
    const t = this.open.get(id);
    if (!t) throw new CloudError(ErrorCodes.TRANSACTION_NOT_EXIST, `transaction ${id} does not exist or has ended`);
    t.lastUsed = Date.now();
    return t;
  }

  end(id: string): void {
    this.open.delete(id);
  }

  get size(): number {
    return this.open.size;
  }

  private sweep(): void {
    const cutoff = Date.now() - TRANSACTION_IDLE_MS;
    for (const [id, t] of this.open) if (t.lastUsed < cutoff) this.open.delete(id);
  }
}
