// Documents between the console page and the database: relaxed EJSON on the page ({"$date": ISO}
// reads better than the wire's {"$date": {"$numberLong"}}), JS values in the engine; and the
// console's "merge" edit as the update CloudBase would run for doc.update({data}).
import { decodeField } from '../db/ejson';
import { CloudError, ErrorCodes } from '../errors';

/** JS values (Date, RegExp) -> what JSON.stringify shows on the page. */
export function toDisplay(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof RegExp) return { $regularExpression: { pattern: value.source, options: value.flags } };
  if (Array.isArray(value)) return value.map(toDisplay);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDisplay(v)]));
  }
  return value;
}

/** Page JSON (EJSON wrappers allowed) -> JS values; a bad wrapper is INVALID_PARAM. */
export function fromDisplay(value: unknown): unknown {
  return decodeField(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof RegExp);
}

/**
 * `{a: {b: 1}, c: 2}` -> `{$set: {'a.b': 1, c: 2}}`: nested objects are merged field by field, as
 * CloudBase's doc.update({data}) does; arrays and empty objects are set whole.
 */
export function mergeUpdate(fields: Record<string, unknown>): { $set: Record<string, unknown> } {
  const set: Record<string, unknown> = {};
  const walk = (prefix: string, obj: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isPlainObject(value) && Object.keys(value).length > 0) walk(path, value);
      else set[path] = value;
    }
  };
  walk('', fields);
  if (Object.keys(set).length === 0) throw new CloudError(ErrorCodes.INVALID_PARAM, 'merge needs at least one field besides _id');
  return { $set: set };
}
