// Transactions as wx-server-sdk drives them (@cloudbase/database 1.4.3 transaction/index.js):
// `database.startTransaction` answers a top-level `transactionId`; reads and writes then carry
// `transactionId` on the ordinary getDocument/insertDocument/modifyDocument/removeDocument (and
// modifyAndReturnDoc) actions; `database.commitTransaction` / `database.abortTransaction` end it.
//
// CloudBase runs MongoDB multi-document transactions, so this is MongoDB snapshot isolation:
// - Reads see the committed state as of the snapshot plus the transaction's own writes. Others'
//   commits after the snapshot stay invisible (no read skew): before such a commit applies, every
//   open transaction keeps the image its snapshot saw (copy-on-write, see preserve()).
// - Writes are checked at once (first writer wins): a document another open transaction has written,
//   or one committed by anyone after this snapshot, fails with DATABASE_TRANSACTION_CONFLICT, and
//   like MongoDB's WriteConflict that aborts the transaction. No lost updates.
// - What a transaction only read is not validated at commit, so write skew is possible, as in MongoDB.
// - 30 s after startTransaction the transaction is gone; any use of an ended one answers
//   DATABASE_TRANSACTION_FAIL with CloudBase's message.
import { randomBytes } from 'crypto';
import { CloudError, ErrorCodes } from '../errors';
import type { Collection, DocChange } from './collection';
import type { Doc, DocId, Query } from './types';

/**
 * CloudBase: "transaction must be commit or abort in 30 seconds" (error-code page
 * DATABASE_TRANSACTION_FAIL), counted from the start, whether idle or busy.
 */
export const TRANSACTION_LIFETIME_MS = 30_000;

// CloudBase's own wording, as its SDK test suite asserts it against the real service (test of
// runTransaction: "事务提交后, 不能进行其它操作", "读偏"). Callers often get only the message:
// wx-server-sdk drops the code (see domain/server/database.ts), so the message must stay exact.
const PLEASE_CHECK = 'Please check your request, but if the problem persists, contact us.';
/** Committed, aborted, expired or never existed. */
export const TRANSACTION_NOT_EXIST_MESSAGE = `[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. ${PLEASE_CHECK}`;
export const TRANSACTION_CONFLICT_MESSAGE = `[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. ${PLEASE_CHECK}`;

function transactionGone(): CloudError {
  return new CloudError(ErrorCodes.TRANSACTION_FAIL, TRANSACTION_NOT_EXIST_MESSAGE);
}

function writeConflict(): CloudError {
  return new CloudError(ErrorCodes.TRANSACTION_CONFLICT, TRANSACTION_CONFLICT_MESSAGE);
}

interface PendingWrite {
  doc: Doc | null;
  /** 'replace' once any set() touched it, so the commit event says so. */
  replaced: boolean;
}

export class Transaction {
  private readonly writes = new Map<string, Map<DocId, PendingWrite>>();
  /** Per collection: the snapshot's image (null: absent) of each document others committed since. */
  private readonly snapshotImages = new Map<string, Map<DocId, Doc | null>>();
  /**
   * The committed seq the snapshot stands at. Taken at the first read or write, not at
   * startTransaction, because MongoDB (which CloudBase runs) establishes a transaction's snapshot
   * at its first operation; commits between startTransaction and that operation are visible.
   */
  private snapshotSeq: number | undefined;

  constructor(
    readonly id: string,
    readonly startedAt: number,
  ) {}

  /** Fixes the snapshot on first use; later calls keep it. */
  touch(committedSeq: number): void {
    if (this.snapshotSeq === undefined) this.snapshotSeq = committedSeq;
  }

  /** Called just before someone else's change is applied: keeps what this snapshot sees. */
  preserve(collection: string, id: DocId, committedBefore: Doc | null): void {
    if (this.snapshotSeq === undefined) return;
    let images = this.snapshotImages.get(collection);
    if (!images) this.snapshotImages.set(collection, (images = new Map()));
    if (!images.has(id)) images.set(id, committedBefore);
  }

  /** True when a commit after the snapshot changed this document. */
  changedSinceSnapshot(coll: Collection, id: DocId): boolean {
    return (coll.versions.get(id) ?? 0) > (this.snapshotSeq ?? Infinity);
  }

  private snapshotDoc(coll: Collection, id: DocId): Doc | undefined {
    const images = this.snapshotImages.get(coll.name);
    if (images?.has(id)) return images.get(id) ?? undefined;
    return coll.docs.get(id);
  }

  get(coll: Collection, id: DocId): Doc | undefined {
    const pending = this.writes.get(coll.name)?.get(id);
    if (pending) return pending.doc ?? undefined;
    return this.snapshotDoc(coll, id);
  }

  /**
   * Candidates for a query as the snapshot sees them: own writes, preserved images (the index only
   * knows today's values, so every image is offered and the query filters), then committed
   * documents nobody has touched since the snapshot.
   */
  *candidates(coll: Collection, query: Query): Iterable<Doc> {
    const overlay = this.writes.get(coll.name);
    const images = this.snapshotImages.get(coll.name);
    if (overlay) for (const w of overlay.values()) if (w.doc) yield w.doc;
    if (images) for (const [id, doc] of images) if (doc && !overlay?.has(id)) yield doc;
    for (const id of coll.candidateIds(query)) {
      if (overlay?.has(id) || images?.has(id)) continue;
      const doc = coll.docs.get(id);
      if (doc) yield doc;
    }
  }

  write(coll: Collection, id: DocId, doc: Doc | null, replaced = false): void {
    let overlay = this.writes.get(coll.name);
    if (!overlay) this.writes.set(coll.name, (overlay = new Map()));
    const previous = overlay.get(id);
    overlay.set(id, { doc, replaced: replaced || (previous?.replaced ?? false) });
  }

  /**
   * The changes to commit. A written document committed by someone since the snapshot still
   * conflicts: a non-transactional write is not held back by our write lock and can land after
   * our write (MongoDB would make that write wait until we end instead).
   */
  prepare(collections: Map<string, Collection>): DocChange[] {
    const changes: DocChange[] = [];
    for (const [name, overlay] of this.writes) {
      const coll = collections.get(name)!;
      for (const [id, w] of overlay) {
        if (this.changedSinceSnapshot(coll, id)) throw writeConflict();
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
  /** `collection/id` -> the open transaction that wrote it (MongoDB's document write lock). */
  private readonly writers = new Map<string, string>();
  private readonly claimed = new Map<string, string[]>();

  constructor(private readonly now: () => number) {}

  start(): Transaction {
    this.sweep();
    const t = new Transaction(randomBytes(16).toString('hex'), this.now());
    this.open.set(t.id, t);
    this.claimed.set(t.id, []);
    return t;
  }

  get(id: string): Transaction {
    this.sweep();
    const t = this.open.get(id);
    if (!t) throw transactionGone();
    return t;
  }

  /**
   * Takes the write lock on a document for `t`, or aborts `t` with a conflict when another open
   * transaction holds it or a commit after t's snapshot changed the document.
   */
  claim(t: Transaction, coll: Collection, id: DocId): void {
    const key = `${coll.name}/${typeof id}/${id}`; // 5 and '5' are two documents
    const holder = this.writers.get(key);
    if (holder === t.id) return;
    if (holder !== undefined || t.changedSinceSnapshot(coll, id)) {
      this.end(t.id); // as MongoDB's WriteConflict, the conflict aborts the transaction
      throw writeConflict();
    }
    this.writers.set(key, t.id);
    this.claimed.get(t.id)!.push(key);
  }

  /** Before a change commits: every open transaction keeps the image its snapshot saw. */
  preserve(collection: string, id: DocId, committedBefore: Doc | null): void {
    for (const t of this.open.values()) t.preserve(collection, id, committedBefore);
  }

  end(id: string): void {
    this.open.delete(id);
    for (const key of this.claimed.get(id) ?? []) if (this.writers.get(key) === id) this.writers.delete(key);
    this.claimed.delete(id);
  }

  get size(): number {
    return this.open.size;
  }

  private sweep(): void {
    const cutoff = this.now() - TRANSACTION_LIFETIME_MS;
    for (const [id, t] of this.open) if (t.startedAt <= cutoff) this.end(id);
  }
}
