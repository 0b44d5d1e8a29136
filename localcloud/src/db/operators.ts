// Query and update operators where mingo 7.2.6 answers differently from MongoDB (which CloudBase
// runs on). Each override names the MongoDB rule it follows; everything else is mingo's own. The
// query operators are registered in query.ts's mingo Context (they replace mingo's of the same
// name); the update checks run before mingo applies an update. Probes and the tests in
// localcloud/test/db-operators.test.ts show the differences.
import { Query as MingoQuery } from 'mingo/query';
import { $all as mingoAll, $elemMatch as mingoElemMatch, $size as mingoSize } from 'mingo/operators/query/array';
import { $eq as mingoEq, $gte as mingoGte, $in as mingoIn, $lte as mingoLte, $ne as mingoNe, $nin as mingoNin } from 'mingo/operators/query/comparison';
import { $not as mingoNot } from 'mingo/operators/query/logical';
import type { Options } from 'mingo/types';
import { isEqual, resolve } from 'mingo/util';
import { CloudError, ErrorCodes } from '../errors';
import { bsonCompare } from './expressions';

type AnyObject = Record<string, unknown>;
type Predicate = (doc: AnyObject) => boolean;
type QueryOp = (selector: string, value: unknown, options: Options) => Predicate;

function badQuery(message: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_QUERY, message);
}

function isPlainObject(v: unknown): v is AnyObject {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
}

/** Operators that take no path (MongoDB's "pathless" parsers): inside $elemMatch they make it the object form. */
const PATHLESS = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment', '$jsonSchema']);

/**
 * $elemMatch. MongoDB: when the criteria name fields (`{name: 'a'}`) or start with a logical
 * operator, only array elements that are documents are tested; `{tags: {$elemMatch: {name: 'a'}}}`
 * never matches `tags: ['a']` (mingo 7.2.6 wraps plain values and matches). Criteria that are
 * operators only (`{$gt: 5, $lt: 9}`) test each element as a value: mingo's own code.
 */
const elemMatch: QueryOp = (selector, value, options) => {
  if (!isPlainObject(value)) throw badQuery('$elemMatch needs an Object');
  const keys = Object.keys(value);
  const valueForm = keys.length > 0 && keys[0].startsWith('$') && !PATHLESS.has(keys[0]);
  if (valueForm || !keys.length) return mingoElemMatch(selector, value, options) as Predicate;
  const q = new MingoQuery(value, options);
  return (doc) => {
    const lhs = resolve(doc, selector, { unwrapArray: true });
    return Array.isArray(lhs) && lhs.some((el) => isPlainObject(el) && q.test(el));
  };
};

/**
 * $all. MongoDB: `{f: {$all: [a, b]}}` is `{$and: [{f: a}, {f: b}]}`, so `$all: [1]` matches
 * `f: 1` and `$all: [[1, 2]]` matches `f: [1, 2]` (mingo wants an array field and compares
 * elements only). An empty $all matches nothing.
 */
const all: QueryOp = (selector, value, options) => {
  if (!Array.isArray(value)) throw badQuery('$all needs an array');
  if (!value.length) return () => false;
  if (value.every((v) => isPlainObject(v) && '$elemMatch' in v)) return mingoAll(selector, value, options) as Predicate;
  const q = new MingoQuery({ $and: value.map((v) => ({ [selector]: v })) }, options);
  return (doc) => q.test(doc);
};

/**
 * $in / $nin. MongoDB: the operand must be an array ("$in needs an array"), and an array operand
 * element equals a whole array field (`{f: {$in: [[1, 2]]}}` matches `f: [1, 2]`; mingo compares
 * elements only).
 */
function membership(name: '$in' | '$nin'): QueryOp {
  const base = name === '$in' ? mingoIn : mingoNin;
  return (selector, value, options) => {
    if (!Array.isArray(value)) throw badQuery(`${name} needs an array`);
    for (const v of value) if (isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'))) throw badQuery(`cannot nest $ under ${name}`);
    const plain = base(selector, value, options) as Predicate;
    const arrays = value.filter(Array.isArray);
    if (!arrays.length) return plain;
    const whole = (doc: AnyObject) => {
      const v = resolve(doc, selector);
      return Array.isArray(v) && arrays.some((a) => isEqual(a, v));
    };
    return name === '$in' ? (doc) => plain(doc) || whole(doc) : (doc) => plain(doc) && !whole(doc);
  };
}

/**
 * $mod. MongoDB: `[divisor, remainder]`, exactly two numbers ("malformed mod, not enough/too many
 * elements"), divisor non-zero after truncation toward zero ("divisor cannot be 0"); a field value
 * matches when it is a number and trunc(value) % divisor == remainder (8.5 matches [4, 0]; the
 * string '8' does not: mingo coerces it).
 */
const mod: QueryOp = (selector, value) => {
  if (!Array.isArray(value)) throw badQuery('malformed mod, needs to be an array');
  if (value.length < 2) throw badQuery('malformed mod, not enough elements');
  if (value.length > 2) throw badQuery('malformed mod, too many elements');
  if (typeof value[0] !== 'number' || typeof value[1] !== 'number') throw badQuery('malformed mod, divisor and remainder must be numbers');
  const divisor = Math.trunc(value[0]);
  const remainder = Math.trunc(value[1]);
  if (divisor === 0) throw badQuery('divisor cannot be 0');
  const one = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && Math.trunc(x) % divisor === remainder;
  return (doc) => {
    const v = resolve(doc, selector, { unwrapArray: true });
    return Array.isArray(v) ? v.some(one) : one(v);
  };
};

/** $size. MongoDB: a non-negative whole number ("$size may not be negative", "$size must be a whole number"). */
const size: QueryOp = (selector, value, options) => {
  if (typeof value !== 'number') throw badQuery('$size needs a number');
  if (value < 0) throw badQuery('$size may not be negative');
  if (!Number.isInteger(value)) throw badQuery('$size must be a whole number');
  return mingoSize(selector, value, options) as Predicate;
};

/** $not. MongoDB: "$not needs a regex or a document", and the document must not be empty. */
const not: QueryOp = (selector, value, options) => {
  if (!(value instanceof RegExp) && !isPlainObject(value)) throw badQuery('$not needs a regex or a document');
  if (isPlainObject(value) && !Object.keys(value).length) throw badQuery('$not cannot be empty');
  return mingoNot(selector, value, options) as Predicate;
};

/**
 * $jsonSchema is not a CloudBase query command (the 查询指令 reference lists eq neq lt lte gt gte
 * in nin and or nor not exists size mod all elemMatch expr geoNear geoWithin geoIntersects).
 * Refused as an unsupported operator: CloudBase's DATABASE_INVALID_OPERRATOR ("使用了数据库不支持
 * 的查询操作符", docs.cloudbase.net/error-code/DATABASE_INVALID_OPERRATOR), errCode -502002.
 */
const jsonSchema: QueryOp = () => {
  throw new CloudError(ErrorCodes.INVALID_OPERATOR, 'unsupported query operator $jsonSchema');
};

/**
 * $gte/$lte null. MongoDB: comparison is type-bracketed and a missing field compares as null, so
 * `{f: {$gte: null}}` and `{f: {$lte: null}}` match null and missing fields, like `{f: null}`
 * (mingo matches nothing).
 */
function nullInclusive(base: unknown): QueryOp {
  return (selector, value, options) => (value === null ? mingoEq : (base as QueryOp))(selector, value, options) as Predicate;
}

/**
 * $eq/$ne with a document value. MongoDB compares embedded documents exactly, field order
 * included: `{f: {$eq: {x: 1, y: 2}}}` does not match `f: {y: 2, x: 1}` (mingo ignores the order).
 * mingo's answer is kept and additionally needs a candidate whose fields come in the same order.
 */
function orderedEq(selector: string, value: AnyObject, options: Options): Predicate {
  const loose = mingoEq(selector, value, options) as Predicate;
  return (doc) => {
    if (!loose(doc)) return false;
    const v = resolve(doc, selector, { unwrapArray: true });
    const candidates = Array.isArray(v) ? [...v, ...v.flat()] : [v];
    return candidates.some((c) => isPlainObject(c) && bsonCompare(c, value) === 0);
  };
}

/** Whether a dotted path ends missing in some document element of an array along the way. */
function missingInArrayElement(value: unknown, parts: string[]): boolean {
  if (!parts.length) return false;
  if (Array.isArray(value)) return value.some((el) => isPlainObject(el) && (el[parts[0]] === undefined || missingInArrayElement(el[parts[0]], parts.slice(1))));
  if (isPlainObject(value)) return missingInArrayElement(value[parts[0]], parts.slice(1));
  return false;
}

/**
 * $eq/$ne null on a path through an array of documents. MongoDB: `{'a.b': null}` matches when
 * a.b is null or missing, and in `a: [{b: 1}, {}]` the second element has no b (mingo: no match).
 */
function nullEq(selector: string, options: Options): Predicate {
  const loose = mingoEq(selector, null, options) as Predicate;
  if (!selector.includes('.')) return loose;
  const parts = selector.split('.');
  return (doc) => loose(doc) || missingInArrayElement(doc, parts);
}

const eq: QueryOp = (selector, value, options) =>
  value === null ? nullEq(selector, options) : isPlainObject(value) ? orderedEq(selector, value, options) : (mingoEq(selector, value, options) as Predicate);
const ne: QueryOp = (selector, value, options) => {
  if (value !== null && !isPlainObject(value)) return mingoNe(selector, value, options) as Predicate;
  const same = eq(selector, value, options);
  return (doc) => !same(doc);
};

export const fidelityQueryOperators: Record<string, QueryOp> = {
  $eq: eq,
  $ne: ne,
  $gte: nullInclusive(mingoGte),
  $lte: nullInclusive(mingoLte),
  $elemMatch: elemMatch,
  $all: all,
  $in: membership('$in'),
  $nin: membership('$nin'),
  $mod: mod,
  $size: size,
  $not: not,
  $jsonSchema: jsonSchema,
};

/**
 * Checks made on a query before mingo compiles it, where MongoDB refuses what mingo accepts:
 * `$and`/`$or`/`$nor` need a non-empty array of objects ("$and/$or/$nor must be a nonempty array").
 */
export function checkQuery(query: unknown): void {
  if (Array.isArray(query)) return query.forEach(checkQuery);
  if (!isPlainObject(query)) return;
  for (const [key, v] of Object.entries(query)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(v) || !v.length) throw badQuery(`${key} must be a nonempty array`);
      for (const c of v) if (!isPlainObject(c)) throw badQuery(`${key} entries need to be full objects`);
    }
    if (key === '$expr' || key === '$where') continue;
    checkQuery(v);
  }
}

// ---- updates ----

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  return typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'object';
}

function badUpdate(message: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_QUERY, message);
}

/** The value at each step of a dotted path; stops at the first missing or non-container step. */
function walk(doc: AnyObject, path: string): { parent: unknown; value: unknown; blockedBy?: { at: string; value: unknown }; throughArray: boolean } {
  const parts = path.split('.');
  let cur: unknown = doc;
  let throughArray = false;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i];
    if (cur === undefined) return { parent: undefined, value: undefined, throughArray };
    if (Array.isArray(cur)) {
      throughArray = true;
      if (!/^\d+$/.test(key)) return { parent: cur, value: undefined, blockedBy: { at: parts.slice(0, i).join('.'), value: cur }, throughArray };
      cur = cur[Number(key)];
      continue;
    }
    if (!isPlainObject(cur)) return { parent: undefined, value: undefined, blockedBy: { at: parts.slice(0, i).join('.'), value: cur }, throughArray };
    cur = cur[key];
  }
  return { parent: undefined, value: cur, throughArray };
}

/** Operators that create the path when missing (MongoDB: "Cannot create field 'x' in element {...}" through a scalar). */
const CREATING = new Set(['$set', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$currentDate', '$bit']);
const ARRAY_OPS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

/**
 * What MongoDB refuses in an update against this document and mingo silently skips: a path
 * through a scalar for operators that create it; $inc/$mul on a non-number ("Cannot apply $inc to
 * a value of non-numeric type"); $push/$addToSet/$pull/$pullAll/$pop on a non-array ("The field
 * 'x' must be an array"); $rename from or to a path inside an array ("The source field cannot be
 * an array element"). Paths with positional `$` parts are left to mingo.
 */
export function checkUpdateAgainst(doc: AnyObject, update: AnyObject): void {
  for (const [op, fields] of Object.entries(update)) {
    if (!isPlainObject(fields)) continue;
    for (const [path, operand] of Object.entries(fields)) {
      if (path.split('.').some((p) => p.startsWith('$'))) continue;
      const at = walk(doc, path);
      if (at.blockedBy && (CREATING.has(op) || op === '$rename')) {
        throw badUpdate(`Cannot create field '${path.slice(at.blockedBy.at.length + 1).split('.')[0]}' in element {${at.blockedBy.at}: ${JSON.stringify(at.blockedBy.value)}} (${op})`);
      }
      const v = at.value;
      if ((op === '$inc' || op === '$mul') && v !== undefined && typeof v !== 'number') {
        throw badUpdate(`Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeName(v)}`);
      }
      if ((op === '$inc' || op === '$mul') && typeof operand !== 'number')
        throw badUpdate(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`);
      if (ARRAY_OPS.has(op) && v !== undefined && !Array.isArray(v)) {
        throw badUpdate(`The field '${path}' must be an array but is of type ${typeName(v)} in document {_id: ${JSON.stringify(doc._id)}} (${op})`);
      }
      if (op === '$pullAll' && !Array.isArray(operand)) throw badUpdate('$pullAll requires an array argument');
      if (op === '$rename') {
        if (typeof operand !== 'string' || !operand) throw badUpdate("The 'to' field for $rename must be a string");
        if (walk(doc, path).throughArray)
          throw badUpdate(`The source field cannot be an array element, '${path}' in doc with _id: ${JSON.stringify(doc._id)} has an array field called '${path.split('.')[0]}'`);
        const target = walk(doc, operand);
        if (target.throughArray) throw badUpdate(`The destination field cannot be an array element, '${operand}' in doc with _id: ${JSON.stringify(doc._id)} has an array field`);
        if (target.blockedBy && v !== undefined) throw badUpdate(`Cannot create field for $rename target '${operand}'`);
      }
    }
  }
}
