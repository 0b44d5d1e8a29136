// Ordered compound indexes: what lets a sorted, limited page (keyset paging) and a covered count
// cost the page, not the collection. MongoDB (so CloudBase) walks a compound index in key order
// and stops after `limit` matches; the equality/range planner (planner.ts) only narrows candidates
// and then sorts them all, which at 100,000 members in one group is 100,000 documents per page.
//
// One OrderedIndex per compound index spec (two or more keys, none 2dsphere): entries sorted by
// the tuple of the keys' values (MongoDB's type order: null < numbers < strings < booleans <
// dates), each key in its spec direction. Only scalar values are kept; a document with an array or
// object on one of the keys makes the index unusable (multikey order is not emulated), and every
// caller then falls back to the planner. Walks are always re-tested with the full predicate: the
// bounds computed here only have to contain every match.
import type { IndexSpec } from '../../../domain/spec';
import { valuesAtPath } from './indexes';
import type { Doc, DocId, Query, SortSpec } from './types';

type Key = [rank: number, value: number | string | boolean | null];

function keyOf(value: unknown): Key | undefined {
  if (value === null || value === undefined) return [0, null];
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : [1, value];
  if (typeof value === 'string') return [2, value];
  if (typeof value === 'boolean') return [3, value];
  if (value instanceof Date) return [4, value.getTime()];
  return undefined;
}

function compareKey(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  const x = a[1] as number | string;
  const y = b[1] as number | string;
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Entry {
  keys: Key[];
  id: DocId;
}

/** A bound: a prefix of key values; `after` true = past every entry sharing the prefix. */
interface Bound {
  prefix: Key[];
  after: boolean;
}

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

export class OrderedIndex {
  private readonly entries: Entry[] = [];
  private readonly fields: string[];
  private readonly directions: Array<1 | -1>;
  /** Documents whose key values could not be ordered (arrays, objects): the index is not used. */
  private unorderable = new Set<DocId>();

  constructor(
    readonly name: string,
    spec: IndexSpec,
  ) {
    this.fields = spec.keys.map((k) => k.name);
    this.directions = spec.keys.map((k) => (String(k.direction) === '-1' ? -1 : 1));
  }

  get usable(): boolean {
    return this.unorderable.size === 0;
  }

  private keysOf(doc: Doc): Key[] | undefined {
    const keys: Key[] = [];
    for (const field of this.fields) {
      const values = valuesAtPath(doc, field);
      if (values.length > 1 || Array.isArray(values[0])) return undefined;
      const k = keyOf(values[0]);
      if (!k) return undefined;
      keys.push(k);
    }
    return keys;
  }

  private compare(a: Key[], b: Key[]): number {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareKey(a[i], b[i]) * this.directions[i];
      if (c) return c;
    }
    return 0;
  }

  private compareEntry(e: Entry, keys: Key[], id: DocId): number {
    const c = this.compare(e.keys, keys);
    if (c) return c;
    return String(e.id) < String(id) ? -1 : String(e.id) > String(id) ? 1 : 0;
  }

  /** Order of two bounds by where they fall among the entries. */
  private compareBounds(a: Bound, b: Bound): number {
    const c = this.compare(a.prefix, b.prefix);
    if (c) return c;
    const side = (x: Bound) => (x.after ? 1 : -1);
    if (a.prefix.length === b.prefix.length) return side(a) - side(b);
    // the shorter prefix spans the longer one: before it, or past it
    return a.prefix.length < b.prefix.length ? side(a) : -side(b);
  }

  /** First position whose entry is not before the bound. */
  private position(bound: Bound): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(this.entries[mid].keys, bound.prefix);
      if (c < 0 || (c === 0 && bound.after)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(doc: Doc): void {
    const keys = this.keysOf(doc);
    if (!keys) return void this.unorderable.add(doc._id);
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareEntry(this.entries[mid], keys, doc._id) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, { keys, id: doc._id });
  }

  /** One document's change; nothing moves when the indexed values are unchanged (a receipt's lastReadSeq on the list index). */
  replace(before: Doc | null, after: Doc | null): void {
    if (before && after && !this.unorderable.has(before._id)) {
      const a = this.keysOf(before);
      const b = this.keysOf(after);
      if (a && b && a.length === b.length && a.every((k, i) => compareKey(k, b[i]) === 0 && k[0] === b[i][0])) return;
    }
    if (before) this.remove(before);
    if (after) this.add(after);
  }

  remove(doc: Doc): void {
    if (this.unorderable.delete(doc._id)) return;
    const keys = this.keysOf(doc);
    if (!keys) return;
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareEntry(this.entries[mid], keys, doc._id) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (this.entries[lo]?.id === doc._id) this.entries.splice(lo, 1);
  }

  /**
   * Index bounds of a conjunction: equalities on a leading run of fields, then at most one range.
   * `exact` when every condition of the query is expressed by the bounds (a count needs no test).
   */
  private boundsOf(query: Query): { lower: Bound; upper: Bound; equalities: number; exact: boolean } | undefined {
    const conds = new Map<string, unknown[]>();
    const or: unknown[][] = [];
    let plain = true;
    const collect = (q: Query) => {
      for (const [f, c] of Object.entries(q)) {
        if (f === '$and' && Array.isArray(c)) c.forEach((x) => collect(x as Query));
        else if (f === '$or' && Array.isArray(c)) or.push(c);
        else if (f.startsWith('$')) plain = false;
        else conds.set(f, [...(conds.get(f) ?? []), c]);
      }
    };
    collect(query);
    const prefix: Key[] = [];
    let lower: Bound | undefined;
    let upper: Bound | undefined;
    let used = 0;
    for (let i = 0; i < this.fields.length; i++) {
      const cs = conds.get(this.fields[i]);
      if (!cs) break;
      const eq = cs.find((c) => !isOperatorObject(c) || (c as { $eq?: unknown }).$eq !== undefined);
      if (eq !== undefined) {
        const k = keyOf(isOperatorObject(eq) ? eq.$eq : eq);
        if (!k) break;
        prefix.push(k);
        used++;
        if (cs.length > 1) plain = false;
        continue;
      }
      // a range on this field ends the bounds
      let lo: Bound | undefined;
      let hi: Bound | undefined;
      let understood = true;
      for (const c of cs) {
        for (const [op, v] of Object.entries(c as Record<string, unknown>)) {
          const k = keyOf(v);
          if (!k || !['$gt', '$gte', '$lt', '$lte'].includes(op)) {
            understood = false;
            continue;
          }
          const asc = this.directions[i] === 1;
          const isLow = (op === '$gt' || op === '$gte') === asc;
          const exclusive = op === '$gt' || op === '$lt';
          const b: Bound = { prefix: [...prefix, k], after: isLow ? exclusive : !exclusive };
          if (isLow) {
            if (!lo || this.compare(b.prefix, lo.prefix) > 0 || (this.compare(b.prefix, lo.prefix) === 0 && b.after)) lo = b;
          } else if (!hi || this.compare(b.prefix, hi.prefix) < 0 || (this.compare(b.prefix, hi.prefix) === 0 && !b.after)) hi = b;
        }
      }
      if (!understood) plain = false;
      // One-sided: the other side stops at the edge of the value's type, as MongoDB brackets types.
      const one = lo ?? hi;
      if (one && !(lo && hi)) {
        const rank = one.prefix[one.prefix.length - 1][0];
        const asc = this.directions[i] === 1;
        const edge: Key = [rank + (!hi === asc ? 0.5 : -0.5), null];
        if (!hi) hi = { prefix: [...prefix, edge], after: false };
        else lo = { prefix: [...prefix, edge], after: false };
      }
      lower = lo;
      upper = hi;
      used++;
      break;
    }
    if (!prefix.length && !lower && !upper) return undefined;
    if (used !== conds.size || or.length) plain = false;
    // A keyset $or (`a > x` or `a == x and b > y`): start at the smallest branch start.
    if (or.length === 1) {
      const rest = [...conds].flatMap(([f, cs]) => cs.map((c) => ({ [f]: c })));
      let start: Bound | undefined;
      for (const branch of or[0]) {
        const b = branch && typeof branch === 'object' ? this.boundsOf({ $and: [...rest, branch as Query] }) : undefined;
        if (!b) {
          start = lower;
          break;
        }
        if (!start || this.compareBounds(b.lower, start) < 0) start = b.lower;
      }
      lower = start;
    }
    return { lower: lower ?? { prefix, after: false }, upper: upper ?? { prefix, after: true }, equalities: prefix.length, exact: plain };
  }

  /** Whether walking from `lower` yields the sort's order (sort fields follow the equality prefix). */
  private serves(sort: SortSpec, equalities: number): 1 | -1 | 0 {
    const keys = Object.entries(sort).filter(([f]) => !this.fields.slice(0, equalities).includes(f));
    if (!keys.length) return 1;
    let dir: 1 | -1 | 0 = 0;
    for (let i = 0; i < keys.length; i++) {
      const field = this.fields[equalities + i];
      if (keys[i][0] !== field) return 0;
      const d = (keys[i][1] === this.directions[equalities + i] ? 1 : -1) as 1 | -1;
      if (dir && d !== dir) return 0;
      dir = d;
    }
    return dir;
  }

  /**
   * Ids in index order for a sorted page, or undefined when this index cannot serve the query.
   * The caller tests each id and stops when it has enough.
   */
  walk(query: Query, sort: SortSpec): Iterable<DocId> | undefined {
    if (!this.usable) return undefined;
    const bounds = this.boundsOf(query);
    if (!bounds) return undefined;
    const dir = this.serves(sort, bounds.equalities);
    if (!dir) return undefined;
    const start = this.position(bounds.lower);
    const end = this.position(bounds.upper);
    const entries = this.entries;
    return (function* () {
      if (dir === 1) for (let i = start; i < end; i++) yield entries[i].id;
      else for (let i = end - 1; i >= start; i--) yield entries[i].id;
    })();
  }

  /** The count of a query the bounds express exactly, or undefined. */
  count(query: Query): number | undefined {
    if (!this.usable) return undefined;
    const bounds = this.boundsOf(query);
    if (!bounds?.exact) return undefined;
    return Math.max(0, this.position(bounds.upper) - this.position(bounds.lower));
  }
}

export function orderedIndexesOf(specs: IndexSpec[]): OrderedIndex[] {
  return specs.filter((s) => s.keys.length >= 2 && s.keys.every((k) => String(k.direction) !== '2dsphere')).map((s) => new OrderedIndex(s.name, s));
}

/** A sorted page walked along an ordered index: the first `want` matches, or undefined. */
export function walkSorted(indexes: OrderedIndex[], query: Query, sort: SortSpec, want: number, docs: Map<DocId, Doc>, test: (doc: Doc) => boolean): Doc[] | undefined {
  for (const index of indexes) {
    const ids = index.walk(query, sort);
    if (!ids) continue;
    const out: Doc[] = [];
    if (want <= 0) return out;
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc && test(doc)) {
        out.push(doc);
        if (out.length >= want) break;
      }
    }
    return out;
  }
  return undefined;
}

export function countCovered(indexes: OrderedIndex[], query: Query): number | undefined {
  for (const index of indexes) {
    const n = index.count(query);
    if (n !== undefined) return n;
  }
  return undefined;
}
