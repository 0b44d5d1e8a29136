// Ordering of documents in a watch: the server keeps each watch's window in this order and the
// wx.cloud shim sorts snapshots with the same comparator (the 1.4.3 client appends every enqueued
// document at the end of its list, whatever the orderBy). Pure: bundled into the browser preview.

/** `orderBy` as it travels in INIT_WATCH: `{field: 'asc' | 'desc'}` (1 / -1 accepted too). */
export type WatchOrder = Record<string, 'asc' | 'desc' | 1 | -1>;
export type SortSpec = Record<string, 1 | -1>;

/** The sort a watch uses: its orderBy, then `_id` ascending so that ties are stable. */
export function watchSort(orderBy: WatchOrder | undefined): SortSpec {
  const sort: SortSpec = {};
  for (const [field, dir] of Object.entries(orderBy ?? {})) sort[field] = dir === 'desc' || dir === -1 ? -1 : 1;
  if (!('_id' in sort)) sort._id = 1;
  return sort;
}

function at(doc: Record<string, unknown>, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** MongoDB's order of types, enough for what chat documents hold. */
function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) return 3;
  if (Array.isArray(v)) return 4;
  if (typeof v === 'boolean') return 5;
  if (v instanceof Date) return 6;
  return 7;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x < (y as typeof x) ? -1 : x > (y as typeof x) ? 1 : 0;
  const sx = JSON.stringify(x);
  const sy = JSON.stringify(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

export function comparator(sort: SortSpec): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const fields = Object.entries(sort);
  return (a, b) => {
    for (const [field, dir] of fields) {
      const c = compareValues(at(a, field), at(b, field));
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}
