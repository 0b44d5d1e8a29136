// In-memory secondary indexes. A FieldIndex maps the values of one (possibly dotted) field to the ids
// of the documents holding them: a hash map per value type for equality, plus a sorted key list for
// ranges. Arrays are indexed element by element (multikey), missing fields under null, as MongoDB
// does. Lookups only narrow the candidates: every candidate is still tested with the full query, so
// an index may over-approximate but never miss a document.
//
// Unique indexes (spec `unique: true`, possibly compound) keep a separate map from the encoded key
// tuple to the owning id. Like MongoDB (which CloudBase runs on), a missing field counts as null,
// so two documents that both lack a uniquely indexed field collide.
import type { Doc, DocId } from './types';

type Tag = 'n' | 's' | 'd' | 'b' | 'z';
type Scalar = number | string | boolean | null;

/** Values of a dotted path, fanning out over arrays; [] when the path is missing. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const segment of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        if (/^\d+$/.test(segment) && Number(segment) < v.length) next.push(v[Number(segment)]);
        for (const el of v) if (el && typeof el === 'object' && !Array.isArray(el) && segment in el) next.push((el as Record<string, unknown>)[segment]);
      } else if (v && typeof v === 'object' && segment in (v as object)) {
        next.push((v as Record<string, unknown>)[segment]);
      }
    }
    current = next;
  }
  return current;
}

/** The index key of a scalar query/document value, or null when such values are not indexed. */
function keyOf(value: unknown): [Tag, Scalar] | null {
  if (value === null || value === undefined) return ['z', null];
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? null : ['n', value];
    case 'string':
      return ['s', value];
    case 'boolean':
      return ['b', value];
    default:
      return value instanceof Date ? ['d', value.getTime()] : null;
  }
}

class SortedKeys<K extends number | string> {
  readonly keys: K[] = [];

  /** First position whose key is >= k (or > k when `after`). */
  position(k: K, after = false): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.keys[mid];
      if (m < k || (after && m === k)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(k: K): void {
    this.keys.splice(this.position(k), 0, k);
  }

  remove(k: K): void {
    const i = this.position(k);
    if (this.keys[i] === k) this.keys.splice(i, 1);
  }
}

export interface RangeBounds {
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
}

export class FieldIndex {
  private readonly buckets = new Map<Tag, Map<Scalar, Set<DocId>>>();
  private readonly sorted = { n: new SortedKeys<number>(), s: new SortedKeys<string>(), d: new SortedKeys<number>() };

  constructor(readonly field: string) {}

  private docKeys(doc: Doc): Array<[Tag, Scalar]> {
    const values = valuesAtPath(doc, this.field);
    if (!values.length) return [['z', null]];
    const keys: Array<[Tag, Scalar]> = [];
    for (const v of values) {
      for (const el of Array.isArray(v) ? v : [v]) {
        const k = keyOf(el);
        if (k) keys.push(k);
      }
    }
    return keys;
  }

  add(doc: Doc): void {
    for (const [tag, key] of this.docKeys(doc)) {
      let bucket = this.buckets.get(tag);
      if (!bucket) this.buckets.set(tag, (bucket = new Map()));
      let ids = bucket.get(key);
      if (!ids) {
        bucket.set(key, (ids = new Set()));
        if (tag === 'n' || tag === 'd') this.sorted[tag].insert(key as number);
        else if (tag === 's') this.sorted.s.insert(key as string);
      }
      ids.add(doc._id);
    }
  }

  remove(doc: Doc): void {
    for (const [tag, key] of this.docKeys(doc)) {
      const ids = this.buckets.get(tag)?.get(key);
      if (!ids) continue;
      ids.delete(doc._id);
      if (ids.size === 0) {
        this.buckets.get(tag)!.delete(key);
        if (tag === 'n' || tag === 'd') this.sorted[tag].remove(key as number);
        else if (tag === 's') this.sorted.s.remove(key as string);
      }
    }
  }

  /** Ids whose field equals (or, for arrays, contains) `value`; null when `value` is not indexable. */
  equal(value: unknown): Set<DocId> | null {
    const k = keyOf(value);
    if (!k) return null;
    return this.buckets.get(k[0])?.get(k[1]) ?? new Set();
  }

  /** Ids with a value in the range; null unless all bounds are of one indexable type. */
  range(bounds: RangeBounds): Set<DocId> | null {
    const present = (['gt', 'gte', 'lt', 'lte'] as const).filter((b) => bounds[b] !== undefined);
    const tags = new Set(present.map((b) => keyOf(bounds[b])?.[0]));
    if (tags.size !== 1) return null;
    const tag = [...tags][0];
    if (tag !== 'n' && tag !== 's' && tag !== 'd') return null;
    const list = this.sorted[tag] as SortedKeys<number | string>;
    const bound = (b: 'gt' | 'gte' | 'lt' | 'lte') => keyOf(bounds[b])![1] as number | string;
    let start = 0;
    let end = list.keys.length;
    if (bounds.gte !== undefined) start = Math.max(start, list.position(bound('gte')));
    if (bounds.gt !== undefined) start = Math.max(start, list.position(bound('gt'), true));
    if (bounds.lte !== undefined) end = Math.min(end, list.position(bound('lte'), true));
    if (bounds.lt !== undefined) end = Math.min(end, list.position(bound('lt')));
    const bucket = this.buckets.get(tag);
    const ids = new Set<DocId>();
    for (let i = start; i < end; i++) for (const id of bucket?.get(list.keys[i]) ?? []) ids.add(id);
    return ids;
  }
}

/** Stable text form of one field's value in a unique key. */
function encodeUniquePart(values: unknown[]): string {
  if (!values.length) return 'z';
  const v = values.length === 1 ? values[0] : values;
  const k = keyOf(v);
  if (k) return `${k[0]}:${String(k[1])}`;
  return `o:${JSON.stringify(v)}`;
}

export class UniqueIndex {
  private readonly owners = new Map<string, DocId>();

  constructor(
    readonly name: string,
    readonly fields: string[],
  ) {}

  keyOf(doc: Doc): string {
    return this.fields.map((f) => encodeUniquePart(valuesAtPath(doc, f))).join('\u0000');
  }

  owner(key: string): DocId | undefined {
    return this.owners.get(key);
  }

  add(doc: Doc): void {
    this.owners.set(this.keyOf(doc), doc._id);
  }

  remove(doc: Doc): void {
    const key = this.keyOf(doc);
    if (this.owners.get(key) === doc._id) this.owners.delete(key);
  }
}
