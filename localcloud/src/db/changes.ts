// What changed in a document, as realtime watch reports it: dotted paths of changed leaves with
// their new values, and dotted paths that disappeared. Arrays, Dates and RegExps are compared and
// reported whole (CloudBase's updatedFields name the array field, not its elements).
import { isEqual } from 'mingo/util';
import type { Doc } from './types';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
}

export function diffDocuments(before: Doc, after: Doc): { updatedFields: Record<string, unknown>; removedFields: string[] } {
  const updatedFields: Record<string, unknown> = {};
  const removedFields: string[] = [];
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, prefix: string) => {
    for (const key of Object.keys(b)) {
      const path = prefix + key;
      const av = a[key];
      const bv = b[key];
      if (!(key in a)) updatedFields[path] = bv;
      else if (isPlainObject(av) && isPlainObject(bv)) walk(av, bv, path + '.');
      else if (!isEqual(av, bv)) updatedFields[path] = bv;
    }
    for (const key of Object.keys(a)) if (!(key in b)) removedFields.push(prefix + key);
  };
  walk(before, after, '');
  return { updatedFields, removedFields };
}

export function sameDocument(a: Doc, b: Doc): boolean {
  return isEqual(a, b);
}
