// Deep copy of document values (plain objects, arrays, Dates, RegExps, primitives). Not
// structuredClone: that builds objects of the main realm, which under jest's per-file VM contexts
// fail `instanceof Date` and mingo's plain-object checks in the module that stored them.
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = cloneValue(v);
  return out as T;
}
