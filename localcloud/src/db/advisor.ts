// Index advisor: notices every app query that no index declared in database/ can serve in production
// (a collection scan on CloudBase's MongoDB), once per query shape, and keeps them for the console.
// The local engine answers such a query anyway (and quickly, with small data), so without this a
// missing index first shows up as a slow or failing query in production.
//
// "Servable" (what production can answer from an index) — deliberately a little stricter than the
// local planner (planner.ts), which may use any declared field:
//  - a condition on `_id` (equality, $eq, $in, a range: the default _id index), or
//  - a condition on the LEADING field of a declared index (compound indexes serve their prefixes
//    only, so the second key of an index alone does not count): equality with a scalar or object,
//    $eq, $in, a range ($gt/$gte/$lt/$lte), a regular expression, or a geo operator on a 2dsphere
//    index. (MongoDB matches a regular expression against the index keys: an anchored prefix
//    narrowly, any other — case-insensitive, unanchored — over the whole index, which still reads
//    no documents: an index scan, not a collection scan; MongoDB's $regex docs, "Index Use".)
//    conditions may sit at the top level or inside a top-level $and;
//  - a top-level $or is servable when every branch is (MongoDB then runs one index scan per branch);
//  - a query with no condition but a sort is servable when the first sort field leads an index
//    (or is `_id`): the index is walked in order and the limit stops it.
// Not index conditions: $ne, $nin, $not, $exists, $size, $elemMatch alone, $expr.
// A query with no condition and no sort (load a whole small collection, or any page of it) reads the
// collection's natural order; no index can help it, so it is not reported. Collection size plays no
// part: production sizes differ, so a scan of an empty collection is reported as well.
// A servable filter with a sort on a field the index does not cover is still servable (it sorts the
// matches in memory); the suggestion for a reported query puts equality fields first, then sort
// fields, then range fields (MongoDB's equality-sort-range rule).
import type { CollectionSpec, IndexSpec } from '../../../domain/spec';
import type { Query, SortSpec } from './types';

import type { AdvisedOperation, IndexSuggestion, MissingIndex } from './advice';
export type { AdvisedOperation, IndexSuggestion, MissingIndex };

type AnyObject = Record<string, unknown>;

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);
const GEO_OPS = new Set(['$nearSphere', '$near', '$geoWithin', '$geoIntersects']);

function isOperatorObject(v: unknown): v is AnyObject {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** The operators of one field condition: a plain value is `$eq`, a regular expression `$regex`. */
function operatorsOf(cond: unknown): string[] {
  if (cond instanceof RegExp) return ['$regex'];
  if (!isOperatorObject(cond)) return ['$eq'];
  const ops: string[] = [];
  for (const [op, v] of Object.entries(cond)) {
    // `_.gt(1).and(_.lt(5))` and `_.or(...)` on one field arrive as $and/$or of operator objects.
    if ((op === '$and' || op === '$or') && Array.isArray(v)) ops.push(`${op}(${v.map((c) => operatorsOf(c).join('+')).join(',')})`);
    else ops.push(op);
  }
  return ops;
}

/** Field -> operators, for the top level and a top-level $and (recursively); `$or` branches apart. */
interface Conditions {
  fields: Map<string, string[]>;
  ors: Conditions[][];
  /** Top-level operators other than $and/$or ($expr, $where, $text ...). */
  other: string[];
}

function conditionsOf(query: Query, out: Conditions = { fields: new Map(), ors: [], other: [] }): Conditions {
  for (const [key, cond] of Object.entries(query ?? {})) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const c of cond) if (c && typeof c === 'object') conditionsOf(c as Query, out);
    } else if ((key === '$or' || key === '$nor') && Array.isArray(cond)) {
      if (key === '$or') out.ors.push(cond.map((c) => conditionsOf((c ?? {}) as Query)));
      else out.other.push('$nor');
    } else if (key.startsWith('$')) {
      out.other.push(key);
    } else {
      out.fields.set(key, [...(out.fields.get(key) ?? []), ...operatorsOf(cond)]);
    }
  }
  return out;
}

function shapeText(c: Conditions): string {
  const fields = [...c.fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([f, ops]) => `${JSON.stringify(f)}:${JSON.stringify([...ops].sort().join('+'))}`);
  const ors = c.ors.map((branches) => `"$or":[${branches.map(shapeText).join(',')}]`);
  const other = [...new Set(c.other)].sort().map((o) => `${JSON.stringify(o)}:"?"`);
  return `{${[...fields, ...ors, ...other].join(',')}}`;
}

/** The query shape: fields and operators, values stripped; the sort's fields and directions. */
export function queryShape(query: Query, sort?: SortSpec): string {
  const where = shapeText(conditionsOf(query));
  return sort && Object.keys(sort).length ? `${where} sort ${JSON.stringify(sort)}` : where;
}

/** Can an index lookup on this field use these operators? */
function indexUsable(ops: string[], geo: boolean): boolean {
  if (geo) return ops.some((op) => GEO_OPS.has(op));
  return ops.some((op) => op === '$eq' || op === '$in' || op === '$regex' || RANGE_OPS.has(op) || (op.startsWith('$and(') && RANGE_OPS.has(op.slice(5).split(/[+,)]/)[0])));
}

export class IndexCatalog {
  /** Collection -> leading field -> whether that index is 2dsphere. */
  private readonly leading = new Map<string, Map<string, boolean>>();

  constructor(specs: CollectionSpec[]) {
    for (const spec of specs) {
      const lead = new Map<string, boolean>();
      for (const index of spec.indexes ?? ([] as IndexSpec[])) {
        const first = index.keys[0];
        if (first) lead.set(first.name, lead.get(first.name) || first.direction === '2dsphere');
      }
      this.leading.set(spec.collectionName, lead);
    }
  }

  private servableConditions(collection: string, c: Conditions): boolean {
    const lead = this.leading.get(collection) ?? new Map<string, boolean>();
    for (const [field, ops] of c.fields) {
      // `_id` always has MongoDB's default unique index: equality, $in and ranges (a keyset walk
      // `_id > cursor` sorted by `_id`) read it like any declared index.
      if (field === '_id' ? indexUsable(ops, false) : lead.has(field) && indexUsable(ops, lead.get(field)!)) return true;
    }
    return c.ors.some((branches) => branches.length > 0 && branches.every((b) => this.servableConditions(collection, b)));
  }

  /**
   * Whether production can serve this query from a declared index; undefined when no index could
   * help at all (no condition and no sort: the whole collection in natural order).
   */
  servable(collection: string, query: Query, sort?: SortSpec): boolean | undefined {
    const c = conditionsOf(query);
    const filtered = c.fields.size > 0 || c.ors.length > 0 || c.other.length > 0;
    if (filtered) return this.servableConditions(collection, c);
    const first = sort ? Object.keys(sort)[0] : undefined;
    if (!first) return undefined;
    return first === '_id' || (this.leading.get(collection)?.has(first) ?? false);
  }
}

/** Equality fields, then sort fields, then range fields (ESR). */
function suggestFor(collection: string, c: Conditions, sort?: SortSpec): IndexSuggestion | null {
  const equal: string[] = [];
  const range: string[] = [];
  for (const [field, ops] of c.fields) {
    if (ops.some((op) => op === '$eq' || op === '$in')) equal.push(field);
    else range.push(field);
  }
  const keys: IndexSuggestion['keys'] = [];
  const add = (name: string, direction: '1' | '-1') => {
    if (name !== '_id' && !keys.some((k) => k.name === name)) keys.push({ name, direction });
  };
  for (const f of equal) add(f, '1');
  for (const [f, dir] of Object.entries(sort ?? {})) add(f, dir === -1 ? '-1' : '1');
  for (const f of range) add(f, '1');
  if (!keys.length) return null;
  return { name: `${collection}_${keys.map((k) => k.name.replace(/\W/g, '_')).join('_')}`, keys };
}

export function suggestIndexes(collection: string, query: Query, sort?: SortSpec): IndexSuggestion[] {
  const c = conditionsOf(query);
  const top = suggestFor(collection, c, sort);
  if (top && (c.fields.size || !c.ors.length)) return [top];
  const out: IndexSuggestion[] = [];
  for (const branches of c.ors)
    for (const b of branches) {
      const s = suggestFor(collection, b, sort);
      if (s && !out.some((o) => o.name === s.name)) out.push(s);
    }
  return out.length ? out : top ? [top] : [];
}

interface Entry {
  collection: string;
  operation: AdvisedOperation;
  shape: string;
  sources: Map<string, number>;
  count: number;
  firstSeen: number;
  lastSeen: number;
  suggested: IndexSuggestion[];
}

export interface IndexAdvisorOptions {
  /** Called once per new shape (default: console.warn). */
  warn?: (message: string) => void;
  now?: () => number;
}

/** Every advisor of this process (one per local cloud started), for tests that run many clouds. */
const advisorsOfProcess = new Set<IndexAdvisor>();

/** What every local cloud started in this process reported, stopped ones included. */
export function missingIndexesOfProcess(): MissingIndex[] {
  return [...advisorsOfProcess].flatMap((a) => a.list());
}

/** The in-memory registry of queries that need an index production does not have. */
export class IndexAdvisor {
  private readonly catalog: IndexCatalog;
  private readonly entries = new Map<string, Entry>();
  private readonly warn: (message: string) => void;
  private readonly now: () => number;

  constructor(specs: CollectionSpec[], options: IndexAdvisorOptions = {}) {
    this.catalog = new IndexCatalog(specs);
    this.warn = options.warn ?? ((m) => console.warn(m));
    this.now = options.now ?? Date.now;
    advisorsOfProcess.add(this);
  }

  /** Records the query if no declared index serves it; returns whether it was reported. */
  observe(collection: string, operation: AdvisedOperation, query: Query, sort: SortSpec | undefined, source: string): boolean {
    if (this.catalog.servable(collection, query, sort) !== false) return false;
    const shape = queryShape(query, sort);
    const key = `${collection}\u0000${operation}\u0000${shape}`;
    const at = this.now();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { collection, operation, shape, sources: new Map(), count: 0, firstSeen: at, lastSeen: at, suggested: suggestIndexes(collection, query, sort) };
      this.entries.set(key, entry);
      const hint = entry.suggested.map((s) => JSON.stringify(s)).join(' or ') || 'none';
      this.warn(`[local cloud] no index in database/${collection}.json serves this ${operation} from ${source} (a collection scan in production): ${shape}; suggested index: ${hint}`);
    }
    entry.count++;
    entry.lastSeen = at;
    entry.sources.set(source, (entry.sources.get(source) ?? 0) + 1);
    return true;
  }

  list(): MissingIndex[] {
    return [...this.entries.values()]
      .sort((a, b) => a.firstSeen - b.firstSeen)
      .map((e) => ({
        collection: e.collection,
        operation: e.operation,
        shape: e.shape,
        sources: [...e.sources.entries()].map(([source, count]) => ({ source, count })),
        count: e.count,
        firstSeen: new Date(e.firstSeen).toISOString(),
        lastSeen: new Date(e.lastSeen).toISOString(),
        suggested: e.suggested,
      }));
  }

  clear(): void {
    this.entries.clear();
  }
}

// ---- the wire: which database actions are app queries, and what they ask ----

/** `order` as @cloudbase/database sends it ({field: 1|-1}, or the old [{field, direction}]); lenient. */
function sortOf(order: unknown): SortSpec | undefined {
  if (!order || typeof order !== 'object') return undefined;
  const sort: SortSpec = {};
  const entries: Array<[string, unknown]> = Array.isArray(order)
    ? order.map((o: { field?: unknown; direction?: unknown }) => [String(o?.field), o?.direction === 'desc' ? -1 : o?.direction === 'asc' ? 1 : o?.direction])
    : Object.entries(order as AnyObject);
  for (const [field, dir] of entries) if (dir === 1 || dir === -1) sort[field] = dir;
  return Object.keys(sort).length ? sort : undefined;
}

export interface ObservedRequest {
  collection: string;
  operation: AdvisedOperation;
  query: Query;
  sort?: SortSpec;
}

/**
 * What a database action asks of the indexes, from its decoded parameters (`decode` turns the wire's
 * EJSON strings into values); null for actions that are not queries (inserts, transactions, ...).
 */
export function observedRequest(action: string, params: AnyObject, decode: (v: unknown) => unknown): ObservedRequest | null {
  const collection = params.collectionName;
  if (typeof collection !== 'string') return null;
  const query = () => {
    const q = decode(params.query);
    return (q && typeof q === 'object' && !Array.isArray(q) ? q : {}) as Query;
  };
  switch (action) {
    case 'database.getDocument':
      return { collection, operation: 'query', query: query(), sort: sortOf(decode(params.order)) };
    case 'database.calculateDocument':
      return { collection, operation: 'count', query: query() };
    case 'database.modifyDocument':
      return { collection, operation: 'update', query: query() };
    case 'database.removeDocument':
      return { collection, operation: 'remove', query: query() };
    case 'database.aggregateDocuments': {
      const stages = Array.isArray(params.stages) ? (params.stages as Array<{ stageKey?: unknown; stageValue?: unknown } | null>) : [];
      const first = stages[0];
      if (first?.stageKey !== '$match') return null; // no leading $match: the pipeline reads everything
      const match = decode(first.stageValue);
      const second = stages[1];
      const sort = second?.stageKey === '$sort' ? sortOf(decode(second.stageValue)) : undefined;
      return { collection, operation: 'aggregate', query: (match && typeof match === 'object' ? match : {}) as Query, sort };
    }
    default:
      return null;
  }
}
