// Picks the narrowest index lookup for a decoded query. Returns a candidate id set, or null when no
// index applies (the caller scans). Candidates are always re-tested with the full query, so a plan
// only has to be a superset of the answer.
//
// Usable conditions, on `_id` or on a field that leads an index: equality with a scalar (string,
// number, boolean, null, Date), $eq, $in of scalars, and $gt/$gte/$lt/$lte of one type; inside
// a top-level $and any conjunct may be used; a top-level $or is usable when every branch is.
import type { FieldIndex, RangeBounds } from './indexes';
import type { DocId, Query } from './types';

export interface PlanSources {
  hasId(id: DocId): boolean;
  index(field: string): FieldIndex | undefined;
}

function isScalar(v: unknown): boolean {
  return v === null || v instanceof Date || ['string', 'number', 'boolean'].includes(typeof v);
}

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** A custom `_id` may be a number as well as a string (5 and '5' are different ids). */
const isId = (id: unknown): id is DocId => typeof id === 'string' || typeof id === 'number';

function idLookup(cond: unknown, sources: PlanSources): Set<DocId> | null {
  const pick = (ids: unknown[]) => new Set(ids.filter((id): id is DocId => isId(id) && sources.hasId(id)));
  if (isId(cond)) return pick([cond]);
  if (isOperatorObject(cond)) {
    if (isId(cond.$eq)) return pick([cond.$eq]);
    if (Array.isArray(cond.$in) && cond.$in.every(isScalar)) return pick(cond.$in);
  }
  return null;
}

function fieldLookup(index: FieldIndex, cond: unknown): Set<DocId> | null {
  if (isScalar(cond)) return index.equal(cond);
  if (!isOperatorObject(cond)) return null;
  if (cond.$eq !== undefined && isScalar(cond.$eq)) return index.equal(cond.$eq);
  if (Array.isArray(cond.$in) && cond.$in.every(isScalar)) {
    const ids = new Set<DocId>();
    for (const v of cond.$in) for (const id of index.equal(v) ?? []) ids.add(id);
    return ids;
  }
  return null; // ranges: see mergedBounds, so that two one-sided bounds never materialise half the index
}

function smallest(sets: Array<Set<DocId> | null>): Set<DocId> | null {
  let best: Set<DocId> | null = null;
  for (const s of sets) if (s && (!best || s.size < best.size)) best = s;
  return best;
}

/** Field conditions of a query and of its top-level $and (recursively), grouped by field. */
function conditionsByField(query: Query, out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const c of cond) if (c && typeof c === 'object') conditionsByField(c as Query, out);
    } else if (!field.startsWith('$')) {
      out.set(field, [...(out.get(field) ?? []), cond]);
    }
  }
  return out;
}

/** The tightest bounds of several range conditions on one field (`_.gte(a).and(_.lt(b))` arrives as two). */
function mergedBounds(conds: unknown[]): RangeBounds | null {
  const bounds: RangeBounds = {};
  const tighter = (key: keyof RangeBounds, v: unknown, lower: boolean) => {
    const cur = bounds[key] as number | string | Date | undefined;
    if (cur === undefined || (lower ? (v as number) > (cur as number) : (v as number) < (cur as number))) bounds[key] = v;
  };
  for (const cond of conds) {
    if (!isOperatorObject(cond)) continue;
    if (cond.$gt !== undefined) tighter('gt', cond.$gt, true);
    if (cond.$gte !== undefined) tighter('gte', cond.$gte, true);
    if (cond.$lt !== undefined) tighter('lt', cond.$lt, false);
    if (cond.$lte !== undefined) tighter('lte', cond.$lte, false);
  }
  return Object.keys(bounds).length ? bounds : null;
}

export function planCandidates(query: Query, sources: PlanSources): Set<DocId> | null {
  const options: Array<Set<DocId> | null> = [];
  for (const [field, conds] of conditionsByField(query)) {
    if (field === '_id') {
      options.push(smallest(conds.map((c) => idLookup(c, sources))));
      continue;
    }
    const index = sources.index(field);
    if (!index) continue;
    const equalities = smallest(conds.map((c) => fieldLookup(index, c)));
    const bounds = mergedBounds(conds);
    options.push(equalities ?? (bounds ? index.range(bounds) : null));
  }
  const or = query.$or;
  if (Array.isArray(or) && or.length) {
    const branches = or.map((c) => (c && typeof c === 'object' ? planCandidates(c as Query, sources) : null));
    if (branches.every((b) => b !== null)) {
      const union = new Set<DocId>();
      for (const b of branches) for (const id of b!) union.add(id);
      options.push(union);
    }
  }
  return smallest(options);
}
