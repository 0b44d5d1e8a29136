// The database engine's contract with the rest of the local cloud. The wire handlers, the rules
// engine, realtime watch, the functions runner and the console all go through this interface.
// Queries and updates here are *decoded*: EJSON turned into JS values (Date, RegExp, numbers),
// server dates resolved, CloudBase's nested-object flattening already applied.
import type { Service } from '../server/service';

/**
 * A document id: generated ids are strings; a custom `_id` may be a string or a number (CloudBase
 * accepts `add({data: {_id: 5}})` and `doc(5).get()`). As in MongoDB, 5 and '5' are different ids.
 */
export type DocId = string | number;
export type Doc = { _id: DocId } & Record<string, unknown>;
export type Query = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Record<string, unknown>;
  /** Read inside a transaction: sees its own uncommitted writes. */
  transactionId?: string;
}

export interface WriteOptions {
  transactionId?: string;
}

export interface UpdateOptions extends WriteOptions {
  multi?: boolean;
  upsert?: boolean;
  /** true: `update` is a replacement document (doc.set()), not operators. */
  replace?: boolean;
}

/** One committed change, emitted after the write is durable and visible. */
export interface ChangeEvent {
  collection: string;
  kind: 'insert' | 'update' | 'replace' | 'remove';
  id: DocId;
  before: Doc | null;
  after: Doc | null;
  /** For 'update': the changed top-level or dotted fields with their new values. */
  updatedFields?: Record<string, unknown>;
  /** For 'update': dotted paths that were removed. */
  removedFields?: string[];
  /** Monotonic across the whole database; watchers use it to order and dedupe. */
  seq: number;
}

/** Called for every request from a mini program client (caller.kind === 'client') before it runs. */
export interface ClientGuard {
  check(request: GuardRequest): Promise<void>;
}

export interface GuardRequest {
  openid: string;
  appid: string;
  collection: string;
  operation: 'read' | 'create' | 'update' | 'delete';
  /** The decoded where-condition (reads, updates, deletes) or `{_id}` for doc() calls. */
  query: Query;
  /** create: the new document (after `_openid` stamping); update: the decoded update data. */
  data?: Record<string, unknown>;
}

export interface DatabaseService extends Service {
  listCollections(): string[];
  hasCollection(name: string): boolean;
  /** Throws DATABASE_COLLECTION_ALREADY_EXIST style CloudError when it exists. */
  createCollection(name: string): Promise<void>;
  find(collection: string, query: Query, options?: FindOptions): Promise<Doc[]>;
  count(collection: string, query: Query, options?: WriteOptions): Promise<number>;
  /** Returns the inserted ids; generates CloudBase-style ids where `_id` is absent. */
  insert(collection: string, docs: Record<string, unknown>[], options?: WriteOptions): Promise<DocId[]>;
  update(collection: string, query: Query, update: Record<string, unknown>, options?: UpdateOptions): Promise<{ updated: number; upsertedId?: DocId }>;
  remove(collection: string, query: Query, options?: WriteOptions & { multi?: boolean }): Promise<number>;
  aggregate(collection: string, stages: Record<string, unknown>[]): Promise<Record<string, unknown>[]>;
  /** The same matching semantics as find(), for watch and rules. */
  matches(query: Query, doc: Doc): boolean;
  onChange(listener: (event: ChangeEvent) => void): () => void;
  /** The rules service installs itself here; without a guard client requests are denied. */
  setClientGuard(guard: ClientGuard): void;
  /** Queries seen on the wire that no index declared in database/ serves (advisor.ts), oldest first. */
  missingIndexes(): import('./advice').MissingIndex[];
  clearMissingIndexes(): void;
  /** Shows the index advisor a query that does not come through the database actions (a client's watch). */
  adviseIndexes(collection: string, operation: import('./advice').AdvisedOperation, query: Query, sort: SortSpec | undefined, source: string): void;
  /** The functions service names the function behind a server-side request; else it counts as 'admin'. */
  setSourceResolver(resolver: (params: Record<string, unknown>, ctx: import('../server/router').ActionContext) => string | undefined): void;
  exportTo(dir: string): Promise<void>;
  importFrom(dir: string): Promise<void>;
}
