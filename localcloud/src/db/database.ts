// The database engine: collections in memory, every committed write made durable (storage.ts) before
// it becomes visible, change events after commit, transactions as overlays. No HTTP here: the wire
// protocol lives in actions.ts, the DatabaseService wrapper in index.ts.
import { cloneValue } from './clone';
import type { CollectionSpec } from '../../../domain/spec';
import { CloudError, ErrorCodes } from '../errors';
import { diffDocuments, sameDocument } from './changes';
import { Collection, DocChange } from './collection';
import { findNearCondition, parseGeoNearStage, runGeoNear, sortByDistance } from './geo';
import { newDocumentId } from './ids';
import { countCovered, walkSorted } from './ordered';
import { applyUpdate, compileQuery, page, runPipeline, testQuery, validateUpdate } from './query';
import { DurableStore, LogRecord } from './storage';
import { Transaction, TransactionRegistry } from './transactions';
import type { ChangeEvent, Doc, DocId, FindOptions, Query, UpdateOptions, WriteOptions } from './types';

type AnyObject = Record<string, unknown>;

/** Compact the log into a snapshot once it grows past this. */
const COMPACT_LOG_BYTES = 64 * 1024 * 1024;
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,128}$/;

export interface EngineUpdateOptions extends UpdateOptions {
  /** Client upserts: the creator's openid, stamped on a created document; a replace keeps the old `_openid`. */
  creatorOpenid?: string;
}

export class Database {
  private readonly collections = new Map<string, Collection>();
  private readonly transactions: TransactionRegistry;
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private readonly indexSpecs = new Map<string, CollectionSpec['indexes']>();
  private readonly store: DurableStore;
  private seq = 0;

  /** `now` is the database's clock: ids, serverDate and transaction lifetimes (tests inject one). */
  constructor(
    dataDir: string,
    specs: CollectionSpec[],
    readonly now: () => number = Date.now,
  ) {
    this.transactions = new TransactionRegistry(now);
    for (const spec of specs) this.indexSpecs.set(spec.collectionName, spec.indexes ?? []);
    this.store = new DurableStore(dataDir);
    this.load(specs);
  }

  // ---- startup and shutdown ----

  private load(specs: CollectionSpec[]): void {
    const { snapshot, records } = this.store.load();
    for (const [name, docs] of snapshot.collections) {
      const coll = this.ensureCollection(name);
      for (const d of docs) coll.apply({ collection: name, id: d._id, before: null, after: d, kind: 'insert' }, snapshot.seq);
    }
    this.seq = snapshot.seq;
    for (const record of records) this.replay(record);
    // Collections declared in database/ exist from the start, as deploy creates them.
    for (const spec of specs) this.ensureCollection(spec.collectionName);
  }

  private replay(record: LogRecord): void {
    for (const name of record.cc ?? []) this.ensureCollection(name);
    let seq = record.s - record.ops.length;
    for (const op of record.ops) {
      seq++;
      this.ensureCollection(op.c).apply({ collection: op.c, id: op.i, before: null, after: op.d, kind: 'update' }, seq);
    }
    this.seq = Math.max(this.seq, record.s);
  }

  private ensureCollection(name: string): Collection {
    let coll = this.collections.get(name);
    if (!coll) this.collections.set(name, (coll = new Collection(name, this.indexSpecs.get(name))));
    return coll;
  }

  /** Snapshot everything and empty the log (also done at stop and when the log grows large). */
  compact(): void {
    const all = new Map<string, Iterable<Doc>>();
    for (const [name, coll] of this.collections) all.set(name, coll.docs.values());
    this.store.compact(this.seq, all);
  }

  close(): void {
    this.compact();
    this.store.close();
  }

  // ---- collections ----

  listCollections(): string[] {
    return [...this.collections.keys()].sort();
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  collection(name: string): Collection {
    const coll = this.collections.get(name);
    // The message real CloudBase returns (seen in field reports of errCode -502005).
    if (!coll) throw new CloudError(ErrorCodes.COLLECTION_NOT_EXIST, `[ResourceNotFound] Db or Table not exist: ${name}. Please check your request, but if the problem cannot be solved, contact us.`);
    return coll;
  }

  createCollection(name: string): void {
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) throw new CloudError(ErrorCodes.INVALID_PARAM, `invalid collection name ${JSON.stringify(name)}`);
    if (this.collections.has(name)) throw new CloudError(ErrorCodes.COLLECTION_ALREADY_EXIST, `collection ${name} already exists`);
    this.commit([], [name]);
  }

  // ---- transactions ----

  startTransaction(): string {
    return this.transactions.start().id;
  }

  commitTransaction(id: string): void {
    const t = this.transactions.get(id);
    this.transactions.end(id); // a failed commit ends the transaction too; runTransaction starts a new one
    this.commit(t.prepare(this.collections));
  }

  abortTransaction(id: string): void {
    this.transactions.get(id);
    this.transactions.end(id);
  }

  /** The open transaction an operation runs in; its snapshot is fixed by its first operation. */
  private txn(id?: string): Transaction | undefined {
    if (!id) return undefined;
    const t = this.transactions.get(id);
    t.touch(this.seq);
    return t;
  }

  /** Lays changes over transaction `t` (taking each document's write lock first), or commits them. */
  private write(t: Transaction | undefined, coll: Collection, changes: DocChange[]): void {
    if (!t) return this.commit(changes);
    for (const c of changes) this.transactions.claim(t, coll, c.id);
    for (const c of changes) t.write(coll, c.id, c.after, c.kind === 'replace');
  }

  // ---- reads ----

  /** Every matching document (stored objects: callers must not mutate them). */
  select(name: string, query: Query, transactionId?: string, max = Infinity): Doc[] {
    const coll = this.collection(name);
    const t = this.txn(transactionId);
    const predicate = compileQuery(query);
    const out: Doc[] = [];
    const source = t ? t.candidates(coll, query) : this.committedCandidates(coll, query);
    for (const doc of source) {
      if (testQuery(predicate, doc)) {
        out.push(doc);
        if (out.length >= max) break;
      }
    }
    return out;
  }

  private *committedCandidates(coll: Collection, query: Query): Iterable<Doc> {
    for (const id of coll.candidateIds(query)) {
      const doc = coll.docs.get(id);
      if (doc) yield doc;
    }
  }

  /** find() without copying: sorted, paged and projected; `$nearSphere` results nearest first. */
  findRaw(name: string, query: Query, options: FindOptions = {}): AnyObject[] {
    const near = findNearCondition(query);
    const sorted = !!near || !!(options.sort && Object.keys(options.sort).length);
    const walked = !near && sorted && !options.transactionId && options.limit !== undefined ? this.walkOrdered(name, query, options) : undefined;
    if (walked) return walked;
    // Unsorted pages stop scanning once they have enough documents.
    const enough = sorted || options.limit === undefined ? Infinity : (options.skip ?? 0) + options.limit;
    let matched = this.select(name, query, options.transactionId, enough);
    if (near && !(options.sort && Object.keys(options.sort).length)) matched = sortByDistance(matched, near.field, near.near.center);
    return page(matched, options);
  }

  /** A sorted page along an ordered compound index (ordered.ts), or undefined. */
  private walkOrdered(name: string, query: Query, options: FindOptions): AnyObject[] | undefined {
    const coll = this.collection(name);
    const predicate = compileQuery(query);
    const docs = walkSorted(coll.ordered, query, options.sort!, (options.skip ?? 0) + options.limit!, coll.docs, (d) => testQuery(predicate, d));
    return docs && page(docs.slice(options.skip ?? 0), { projection: options.projection });
  }

  count(name: string, query: Query, transactionId?: string): number {
    const covered = transactionId ? undefined : countCovered(this.collection(name).ordered, query);
    if (covered !== undefined) return covered;
    return this.select(name, query, transactionId).length;
  }

  /** The document with this id as the caller (in or out of a transaction) sees it. */
  get(name: string, id: DocId, transactionId?: string): Doc | undefined {
    const coll = this.collection(name);
    const t = this.txn(transactionId);
    return t ? t.get(coll, id) : coll.docs.get(id);
  }

  aggregate(name: string, stages: AnyObject[]): AnyObject[] {
    const coll = this.collection(name);
    let pipeline = stages;
    let input: AnyObject[];
    const first = stages[0] ?? {};
    if ('$geoNear' in first) {
      const stage = parseGeoNearStage(first.$geoNear);
      const key = stage.key ?? coll.geoFields[0];
      if (!key) throw new CloudError(ErrorCodes.INVALID_QUERY, `$geoNear needs a 2dsphere index on ${name} (or a key)`);
      input = runGeoNear(this.select(name, stage.query ?? {}), stage, key);
      pipeline = stages.slice(1);
    } else if ('$match' in first && first.$match && typeof first.$match === 'object') {
      input = this.select(name, first.$match as Query); // index-assisted first $match
      pipeline = stages.slice(1);
    } else {
      input = [...coll.docs.values()];
    }
    if (pipeline.some((s) => '$geoNear' in s)) throw new CloudError(ErrorCodes.INVALID_QUERY, '$geoNear is only valid as the first stage');
    return runPipeline(input, pipeline, (from) => [...(this.collections.get(from)?.docs.values() ?? [])]);
  }

  // ---- writes ----

  insert(name: string, docs: AnyObject[], options: WriteOptions = {}): DocId[] {
    const coll = this.collection(name);
    const t = this.txn(options.transactionId);
    const seen = new Set<DocId>();
    const changes: DocChange[] = docs.map((raw) => {
      validateDocument(raw);
      const id = raw._id === undefined ? newDocumentId(this.now()) : (raw._id as DocId);
      const exists = t ? t.get(coll, id) : coll.docs.get(id);
      if (exists || seen.has(id)) throw new CloudError(ErrorCodes.DUPLICATE_KEY, `E11000 duplicate key error collection: ${name} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`);
      seen.add(id);
      const after = { ...cloneValue(raw), _id: id } as Doc;
      return { collection: name, id, before: null, after, kind: 'insert' as const };
    });
    coll.checkUnique(changes);
    this.write(t, coll, changes);
    return changes.map((c) => c.id);
  }

  update(name: string, query: Query, update: AnyObject, options: EngineUpdateOptions = {}): { updated: number; upsertedId?: DocId } {
    const { updated, upsertedId } = this.modify(name, query, update, options);
    return { updated, upsertedId };
  }

  /**
   * updateAndReturn (database.modifyAndReturnDoc): the first matching document updated, and that
   * document as it is afterwards (null when nothing matched; `updated` 0 when nothing changed).
   */
  updateAndReturn(name: string, query: Query, update: AnyObject, options: WriteOptions = {}): { updated: number; doc: Doc | null } {
    const { updated, matched } = this.modify(name, query, update, { transactionId: options.transactionId, multi: false });
    const id = matched[0]?._id;
    return { updated, doc: id === undefined ? null : (this.get(name, id, options.transactionId) ?? null) };
  }

  private modify(name: string, query: Query, update: AnyObject, options: EngineUpdateOptions): { updated: number; upsertedId?: DocId; matched: Doc[] } {
    const coll = this.collection(name);
    const t = this.txn(options.transactionId);
    if (options.replace) validateDocument(update, true);
    else validateUpdate(update);
    const matched = this.select(name, query, options.transactionId, options.multi ? Infinity : 1);
    const changes: DocChange[] = [];
    for (const before of matched) {
      const after = options.replace ? replacement(before, update, options.creatorOpenid) : applyUpdate(before, update);
      if (after._id !== before._id) throw new CloudError(ErrorCodes.INVALID_PARAM, '_id cannot be updated');
      if (!sameDocument(before, after)) changes.push({ collection: name, id: before._id, before, after, kind: options.replace ? 'replace' : 'update' });
    }
    let upsertedId: DocId | undefined;
    if (!matched.length && options.upsert) {
      const seed = upsertSeed(query);
      const id = isDocId(seed._id) ? seed._id : newDocumentId(this.now());
      let after: Doc = options.replace ? ({ ...cloneValue(update), _id: id } as Doc) : applyUpdate({ ...seed, _id: id } as Doc, update);
      if (options.creatorOpenid) after = { ...after, _openid: options.creatorOpenid };
      changes.push({ collection: name, id, before: null, after, kind: 'insert' });
      upsertedId = id;
    }
    coll.checkUnique(changes);
    this.write(t, coll, changes);
    return { updated: changes.length - (upsertedId ? 1 : 0), upsertedId, matched };
  }

  remove(name: string, query: Query, options: WriteOptions & { multi?: boolean } = {}): number {
    const coll = this.collection(name);
    const t = this.txn(options.transactionId);
    const matched = this.select(name, query, options.transactionId, options.multi === false ? 1 : Infinity);
    const changes: DocChange[] = matched.map((before) => ({ collection: name, id: before._id, before, after: null, kind: 'remove' as const }));
    this.write(t, coll, changes);
    return changes.length;
  }

  /** Replaces or creates documents by id in one batch (import, seeds). */
  put(name: string, docs: Doc[]): void {
    const coll = this.collection(name);
    const changes: DocChange[] = docs.map((d) => {
      validateDocument(d);
      if (!isDocId(d._id)) throw new CloudError(ErrorCodes.INVALID_PARAM, 'imported documents need a string or number _id');
      const before = coll.docs.get(d._id) ?? null;
      return { collection: name, id: d._id, before, after: d, kind: before ? 'replace' : 'insert' };
    });
    this.commit(changes);
  }

  // ---- commit and events ----

  onChange(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The only path to committed state: unique checks, durable log append, apply, then events. */
  private commit(changes: DocChange[], created: string[] = []): void {
    if (!changes.length && !created.length) return;
    const byCollection = new Map<string, DocChange[]>();
    for (const c of changes) byCollection.set(c.collection, [...(byCollection.get(c.collection) ?? []), c]);
    for (const [name, batch] of byCollection) this.collection(name).checkUnique(batch);
    const first = this.seq + 1;
    this.store.append({ s: this.seq + changes.length, ops: changes.map((c) => ({ c: c.collection, i: c.id, d: c.after })), ...(created.length ? { cc: created } : {}) });
    for (const name of created) this.ensureCollection(name);
    for (const c of changes) this.transactions.preserve(c.collection, c.id, this.collection(c.collection).docs.get(c.id) ?? null);
    changes.forEach((c, i) => this.collection(c.collection).apply(c, first + i));
    this.seq += changes.length;
    changes.forEach((c, i) => this.emit(c, first + i));
    if (this.store.logBytes > COMPACT_LOG_BYTES) this.compact();
  }

  private emit(change: DocChange, seq: number): void {
    if (!this.listeners.size) return;
    const event: ChangeEvent = { collection: change.collection, kind: change.kind, id: change.id, before: change.before, after: change.after, seq };
    if (change.kind === 'update' && change.before && change.after) Object.assign(event, diffDocuments(change.before, change.after));
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error('[local cloud] database change listener failed', err);
      }
    }
  }
}

/** A custom `_id` CloudBase accepts: a non-empty string or a finite number (5 and '5' are different ids). */
function isDocId(v: unknown): v is DocId {
  return (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v));
}

/** Documents are plain objects with a string or number `_id` (if any) and no `$`-prefixed field names. */
function validateDocument(doc: unknown, isReplacement = false): asserts doc is AnyObject {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new CloudError(ErrorCodes.INVALID_PARAM, 'document must be an object');
  const d = doc as AnyObject;
  if (isReplacement && '_id' in d) throw new CloudError(ErrorCodes.INVALID_PARAM, '_id cannot be updated');
  if (d._id !== undefined && !isDocId(d._id)) throw new CloudError(ErrorCodes.INVALID_PARAM, '_id must be a non-empty string or a number');
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || v instanceof Date || v instanceof RegExp) return;
    if (Array.isArray(v)) return v.forEach(walk);
    for (const [k, child] of Object.entries(v)) {
      // CloudBase answers DATABASE_REQUEST_FAILED: the write reaches MongoDB, which refuses it
      // ("The dollar ($) prefixed field ... is not valid for storage"), not the request check.
      if (k.startsWith('$')) throw new CloudError(ErrorCodes.INVALID_QUERY, `field names cannot start with $ (${k})${isReplacement ? '; set() takes no update operators' : ''}`);
      walk(child);
    }
  };
  walk(d);
}

/** doc.set(): the new content under the same id; a client cannot hand the document to someone else. */
function replacement(before: Doc, data: AnyObject, creatorOpenid?: string): Doc {
  const after = { ...cloneValue(data), _id: before._id } as Doc;
  if (creatorOpenid !== undefined) {
    if (before._openid !== undefined) after._openid = before._openid;
    else delete after._openid;
  }
  return after;
}

/** The equality conditions of a query as a document, the start of an upserted document (MongoDB rule). */
function upsertSeed(query: Query): AnyObject {
  const seed: AnyObject = {};
  const take = (q: Query) => {
    for (const [field, cond] of Object.entries(q)) {
      if (field === '$and' && Array.isArray(cond)) cond.forEach((c) => take(c as Query));
      if (field.startsWith('$')) continue;
      const isOps = cond && typeof cond === 'object' && !(cond instanceof Date) && !(cond instanceof RegExp) && Object.keys(cond).some((k) => k.startsWith('$'));
      const value = isOps ? (cond as AnyObject).$eq : cond;
      if (value === undefined || value instanceof RegExp) continue;
      setDotted(seed, field, cloneValue(value));
    }
  };
  take(query);
  return seed;
}

function setDotted(obj: AnyObject, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as AnyObject;
  }
  cur[parts[parts.length - 1]] = value;
}
