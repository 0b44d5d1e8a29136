// Aggregation expression operators where mingo 7.2.6 is missing one or answers differently from
// MongoDB (CloudBase's aggregate operators are MongoDB's). Registered in query.ts's mingo Context,
// replacing mingo's operator of the same name. Each names the MongoDB rule it follows; the tests
// are in localcloud/test/db-operators.test.ts.
import { evalExpr } from 'mingo/core';
import { $dateToParts, $dateToString as mingoDateToString } from 'mingo/operators/expression/date';
import { $mod as mingoMod, $round as mingoRound, $trunc as mingoTrunc } from 'mingo/operators/expression/arithmetic';
import { $push as mingoPush } from 'mingo/operators/accumulator';
import { $setUnion as mingoSetUnion } from 'mingo/operators/expression/set';
import { $substrBytes as mingoSubstrBytes, $toLower as mingoToLower, $toUpper as mingoToUpper } from 'mingo/operators/expression/string';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { CloudError, ErrorCodes } from '../errors';

type AnyObject = Record<string, unknown>;
type ExprOp = (obj: AnyObject, expr: unknown, options: Options) => unknown;

function fail(message: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_QUERY, message);
}

const isNil = (v: unknown) => v === null || v === undefined;
const lit = (v: unknown) => ({ $literal: v });

function args(obj: AnyObject, expr: unknown, options: Options, op: string, min: number, max = min): unknown[] {
  if (!Array.isArray(expr) || expr.length < min || expr.length > max) throw fail(`${op} takes ${min === max ? min : `${min} to ${max}`} arguments`);
  return evalExpr(obj, expr, options) as unknown[];
}

function nonNegativeInt(v: unknown, op: string, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw fail(`${op} ${what} must resolve to a non-negative integer`);
  return v;
}

// ---- comparison in BSON order ----

/** MongoDB's canonical type order: missing < null < numbers < strings < objects < arrays < booleans < dates < regexes. */
function typeRank(v: unknown): number {
  if (v === undefined) return 0;
  if (v === null) return 5;
  if (typeof v === 'number') return 10;
  if (typeof v === 'string') return 15;
  if (Array.isArray(v)) return 25;
  if (typeof v === 'boolean') return 40;
  if (v instanceof Date) return 45;
  if (v instanceof RegExp) return 50;
  return 20;
}

/** Compares two values the way MongoDB's aggregation comparison operators do (across types too). */
export function bsonCompare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
    case 5:
      return 0;
    case 10:
    case 15:
      return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
    case 40:
      return a === b ? 0 : a ? 1 : -1;
    case 45:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 50: {
      const c = bsonCompare((a as RegExp).source, (b as RegExp).source);
      return c || bsonCompare((a as RegExp).flags, (b as RegExp).flags);
    }
    case 25: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = bsonCompare(x[i], y[i]);
        if (c) return c;
      }
      return Math.sign(x.length - y.length);
    }
    default: {
      // Documents: field by field in order (type, then name, then value); field order matters.
      const x = Object.entries(a as AnyObject).filter(([, v]) => v !== undefined);
      const y = Object.entries(b as AnyObject).filter(([, v]) => v !== undefined);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const t = Math.sign(typeRank(x[i][1]) - typeRank(y[i][1]));
        if (t) return t;
        if (x[i][0] !== y[i][0]) return x[i][0] < y[i][0] ? -1 : 1;
        const c = bsonCompare(x[i][1], y[i][1]);
        if (c) return c;
      }
      return Math.sign(x.length - y.length);
    }
  }
}

/**
 * $cmp $eq $ne $gt $gte $lt $lte. MongoDB compares values of different types by the BSON type
 * order (`{$gt: ['a', 1]}` is true, a missing field is below null: `{$lt: ['$missing', 1]}` is
 * true, `{$eq: ['$missing', null]}` is false) and documents with field order significant; mingo
 * answers false across types and treats missing as null.
 */
function comparison(op: string, test: (c: number) => boolean | number): ExprOp {
  return (obj, expr, options) => {
    const [a, b] = args(obj, expr, options, op, 2);
    return test(bsonCompare(a, b));
  };
}

// ---- strings ----

function codePoints(s: string): string[] {
  return Array.from(s);
}

/**
 * $indexOfCP (missing in mingo) and $indexOfBytes (mingo counts UTF-16 units, not UTF-8 bytes).
 * MongoDB: null or missing string -> null; a non-string string or substring is an error; start
 * and end are non-negative integers; the match must lie inside [start, end); -1 when not found or
 * start > end.
 */
function indexOf(op: '$indexOfCP' | '$indexOfBytes'): ExprOp {
  return (obj, expr, options) => {
    const [s, sub, start, end] = args(obj, expr, options, op, 2, 4);
    if (isNil(s)) return null;
    if (typeof s !== 'string') throw fail(`${op} requires a string as the first argument`);
    if (typeof sub !== 'string') throw fail(`${op} requires a string as the second argument`);
    const units: unknown[] = op === '$indexOfCP' ? codePoints(s) : [...Buffer.from(s, 'utf8')];
    const needle: unknown[] = op === '$indexOfCP' ? codePoints(sub) : [...Buffer.from(sub, 'utf8')];
    const from = start === undefined ? 0 : nonNegativeInt(start, op, 'starting index');
    const to = end === undefined ? units.length : Math.min(nonNegativeInt(end, op, 'ending index'), units.length);
    for (let i = from; i + needle.length <= to; i++) {
      if (needle.every((u, j) => units[i + j] === u)) return i;
    }
    return -1;
  };
}

/**
 * $substrBytes and its alias $substr. MongoDB: a negative count means "to the end of the string"
 * (mingo refuses it); a negative start, or a start at or past the end, gives ""; a range that
 * starts or ends inside a UTF-8 character is an error. Non-string inputs (numbers, dates) are
 * converted by mingo as before.
 */
const substrBytes: ExprOp = (obj, expr, options) => {
  const [s, start, count] = args(obj, expr, options, '$substrBytes', 3);
  if (typeof start !== 'number' || typeof count !== 'number') throw fail('$substrBytes: starting index and length must be numeric');
  if (isNil(s)) return '';
  if (typeof s !== 'string' && typeof s !== 'number') {
    return (mingoSubstrBytes as ExprOp)(obj, [lit(s), Math.max(start, 0), count < 0 ? Number.MAX_SAFE_INTEGER : count], options);
  }
  const buf = Buffer.from(String(s), 'utf8');
  if (start < 0 || start >= buf.length) return '';
  const from = Math.trunc(start);
  const to = count < 0 ? buf.length : Math.min(buf.length, from + Math.trunc(count));
  const continuation = (i: number) => i < buf.length && (buf[i] & 0xc0) === 0x80;
  if (continuation(from)) throw fail('$substrBytes: Invalid range, starting index is a UTF-8 continuation byte.');
  if (continuation(to)) throw fail('$substrBytes: Invalid range, ending index is in the middle of a UTF-8 character.');
  return buf.subarray(from, to).toString('utf8');
};

/** $toLower/$toUpper. MongoDB: null or missing gives "" (mingo: null). */
function caseOp(base: unknown): ExprOp {
  return (obj, expr, options) => {
    const v = evalExpr(obj, Array.isArray(expr) ? expr[0] : expr, options);
    if (isNil(v)) return '';
    return (base as ExprOp)(obj, lit(v), options);
  };
}

// ---- dates ----

/** The date and timezone of a date operator's argument: `<date>`, `[<date>]` or `{date, timezone}`. */
function dateArg(expr: unknown): { date: unknown; timezone?: unknown } {
  if (Array.isArray(expr) && expr.length === 1) return { date: expr[0] };
  if (expr && typeof expr === 'object' && !Array.isArray(expr) && !(expr instanceof Date) && 'date' in (expr as AnyObject)) {
    const { date, timezone } = expr as AnyObject;
    return { date, timezone };
  }
  return { date: expr };
}

function localParts(obj: AnyObject, expr: unknown, options: Options): AnyObject | null {
  const { date, timezone } = dateArg(expr);
  const spec: AnyObject = { date, ...(timezone !== undefined ? { timezone } : {}) };
  return ($dateToParts as ExprOp)(obj, spec, options) as AnyObject | null;
}

/** Sunday-based week of the year: days before the first Sunday are week 0 (MongoDB $week, strftime %U). */
function sundayWeek(p: AnyObject): number {
  const y = p.year as number;
  const day = Date.UTC(y, (p.month as number) - 1, p.day as number);
  const yday = Math.round((day - Date.UTC(y, 0, 1)) / 86400000);
  const wday = new Date(day).getUTCDay();
  return Math.floor((yday + 7 - wday) / 7);
}

/**
 * $week. MongoDB: "week of the year for a date as a number between 0 and 53. Weeks begin on
 * Sundays, and week 1 begins with the first Sunday of the year. Days preceding the first Sunday
 * of the year are in week 0." mingo answers one too high (and up to 54).
 */
const week: ExprOp = (obj, expr, options) => {
  const p = localParts(obj, expr, options);
  return p ? sundayWeek(p) : null;
};

/** ISO 8601 week-numbering year: the year of the Thursday of the date's Monday-based week. */
function isoYearOf(p: AnyObject): number {
  const day = Date.UTC(p.year as number, (p.month as number) - 1, p.day as number);
  const isoDow = new Date(day).getUTCDay() || 7;
  return new Date(day + (4 - isoDow) * 86400000).getUTCFullYear();
}

/** $isoWeekYear. MongoDB: the ISO 8601 week-numbering year (2021-01-03 is in 2020's week 53); mingo gives the calendar year. */
const isoWeekYear: ExprOp = (obj, expr, options) => {
  const p = localParts(obj, expr, options);
  return p ? isoYearOf(p) : null;
};

/** $dateToParts with iso8601: the isoWeekYear as above (mingo's is the calendar year near year ends). */
const dateToParts: ExprOp = (obj, expr, options) => {
  const parts = ($dateToParts as ExprOp)(obj, expr, options) as AnyObject | null;
  const spec = expr as AnyObject;
  if (!parts || !spec || typeof spec !== 'object' || !evalExpr(obj, spec.iso8601, options)) return parts;
  const plain = ($dateToParts as ExprOp)(obj, { date: spec.date, ...(spec.timezone !== undefined ? { timezone: spec.timezone } : {}) }, options) as AnyObject;
  return { ...parts, isoWeekYear: isoYearOf(plain) };
};

/**
 * $dateToString: MongoDB's %U is the Sunday-based week above, %w the day of the week 1
 * (Sunday) to 7 (Saturday), %G the ISO week-year and %% a percent sign; mingo's %U and %w are
 * off by one and it drops %%. They are filled in here and the rest of the
 * format is left to mingo.
 */
const dateToString: ExprOp = (obj, expr, options) => {
  const spec = expr as AnyObject;
  // "%%" is a literal percent sign (mingo drops it): format the pieces between them and join with '%'.
  if (spec && typeof spec === 'object' && typeof spec.format === 'string' && spec.format.includes('%%')) {
    const pieces = spec.format.split('%%').map((format) => (format ? dateToString(obj, { ...spec, format }, options) : ''));
    return pieces.some((p) => typeof p !== 'string') ? pieces.find((p) => typeof p !== 'string') : pieces.join('%');
  }
  if (!spec || typeof spec !== 'object' || typeof spec.format !== 'string' || !/%[UwG]/.test(spec.format)) {
    return (mingoDateToString as ExprOp)(obj, expr, options);
  }
  const date = evalExpr(obj, spec.date, options);
  if (isNil(date)) return (mingoDateToString as ExprOp)(obj, expr, options);
  const p = localParts(obj, { date: lit(date), timezone: spec.timezone }, options);
  if (!p) return null;
  const wday = new Date(Date.UTC(p.year as number, (p.month as number) - 1, p.day as number)).getUTCDay() + 1;
  const fill: Record<string, string> = { U: String(sundayWeek(p)).padStart(2, '0'), w: String(wday), G: String(isoYearOf(p)) };
  const format = spec.format.replace(/%([%UwG])/g, (m, c: string) => fill[c] ?? m);
  return (mingoDateToString as ExprOp)(obj, { ...spec, date: lit(date), format }, options);
};

// ---- arithmetic, sets, conditionals ----

/** $trunc/$round. MongoDB takes `<number>` as well as `[<number>, <place>]`; mingo only the array. */
function roundingOp(base: unknown): ExprOp {
  return (obj, expr, options) => {
    const a = Array.isArray(expr) ? (expr.length === 1 ? [expr[0], 0] : expr) : [expr, 0];
    return (base as ExprOp)(obj, a, options);
  };
}

/** $mod. MongoDB: a zero divisor is an error ("can't $mod by zero"); mingo answers null. */
const mod: ExprOp = (obj, expr, options) => {
  const [, b] = args(obj, expr, options, '$mod', 2);
  if (b === 0) throw fail("$mod: can't $mod by zero");
  return (mingoMod as ExprOp)(obj, expr, options);
};

/** $setUnion. MongoDB: null or missing argument -> null (mingo throws). */
const setUnion: ExprOp = (obj, expr, options) => {
  const values = evalExpr(obj, expr, options);
  if (Array.isArray(expr) && (values as unknown[]).some(isNil)) return null;
  return (mingoSetUnion as ExprOp)(obj, Array.isArray(values) ? values.map(lit) : expr, options);
};

const truthy = (v: unknown) => !(v === false || v === null || v === undefined || v === 0);

/** $switch. MongoDB: with no branch true and no default it is an error; mingo answers nothing. */
const switchOp: ExprOp = (obj, expr, options) => {
  const spec = expr as { branches?: Array<{ case: unknown; then: unknown }>; default?: unknown };
  if (!spec || !Array.isArray(spec.branches) || !spec.branches.length) throw fail('$switch requires at least one branch');
  for (const b of spec.branches) {
    if (!b || typeof b !== 'object' || !('case' in b) || !('then' in b)) throw fail("$switch requires each branch have a 'case' and a 'then'");
    if (truthy(evalExpr(obj, b.case, options))) return evalExpr(obj, b.then, options);
  }
  if (!('default' in spec)) throw fail('$switch could not find a matching branch for an input, and no default was specified.');
  return evalExpr(obj, spec.default, options);
};

// ---- accumulators ----

/**
 * $push in $group: MongoDB leaves out documents where the expression is missing (mingo pushes
 * null for them); a null value is still pushed.
 */
const push = (coll: AnyObject[], expr: unknown, options: Options): unknown[] => {
  const values = (mingoPush as unknown as (c: AnyObject[], e: unknown, o: Options) => unknown[])(coll, expr, options);
  // mingo turns a missing value into null; a plain field path tells the two apart. (Computed
  // expressions keep mingo's answer: in $group the options carry the group, not the document.)
  if (typeof expr !== 'string' || !expr.startsWith('$') || expr.startsWith('$$')) return values;
  const field = expr.slice(1);
  return values.filter((v, i) => v !== null || resolve(coll[i], field) !== undefined);
};

export const fidelityAccumulatorOperators = { $push: push };

export const fidelityExpressionOperators: Record<string, ExprOp> = {
  $cmp: comparison('$cmp', (c) => c),
  $eq: comparison('$eq', (c) => c === 0),
  $ne: comparison('$ne', (c) => c !== 0),
  $gt: comparison('$gt', (c) => c > 0),
  $gte: comparison('$gte', (c) => c >= 0),
  $lt: comparison('$lt', (c) => c < 0),
  $lte: comparison('$lte', (c) => c <= 0),
  $indexOfCP: indexOf('$indexOfCP'),
  $indexOfBytes: indexOf('$indexOfBytes'),
  $substrBytes: substrBytes,
  $substr: substrBytes,
  $toLower: caseOp(mingoToLower),
  $toUpper: caseOp(mingoToUpper),
  $week: week,
  $isoWeekYear: isoWeekYear,
  $dateToParts: dateToParts,
  $dateToString: dateToString,
  $trunc: roundingOp(mingoTrunc),
  $round: roundingOp(mingoRound),
  $mod: mod,
  $setUnion: setUnion,
  $switch: switchOp,
};
