// "The query must be a subset of the rule" (cloudbase-facts.md §4; docs.cloudbase.net
// database/security-rules: "front-end query conditions must be a subset of the security rules ...
// when the rule uses doc.fieldName, the query must include that field"). A read, update or delete
// rule is not applied as a filter: it is checked once against the where-condition, and passes only
// if every document the query could return satisfies it.
//
// How: the condition becomes a disjunction of alternatives (`$or` branches), each a map from a
// dotted field path to what the query allows there: a finite set of values (`f: v`, `f: _.eq(v)`,
// `f: _.in([...])`) or a range (`_.gt`, `_.gte`, `_.lt`, `_.lte`, several of them, `_.and(...)`).
// The rule is evaluated for every combination of the finite values; a ranged field reads as an
// Interval, which decides ordering and equality against a known value (query `seq > 10` satisfies
// rule `doc.seq > 5` and `doc.seq >= 10`, not `doc.seq > 11`: compareInterval in evaluate.ts) and
// is UNKNOWN anywhere else, inside get() an error (get() needs `==`). Fields the query leaves open
// (`neq`, regexes, unconstrained) read as UNKNOWN. All evaluations must be definitely true.
import type { Node } from './parser';
import type { Query } from '../db/types';
import { evaluateNode, Interval, RuleEvaluationError, UNKNOWN, valuesEqual, type Bound, type EvalEnv } from './evaluate';

/** CloudBase replaces this placeholder in client queries with the caller's openid. */
export const OPENID_PLACEHOLDER = '{openid}';
const MAX_COMBINATIONS = 256;

/** What one query alternative allows for a field: finite values (exact), else a range. */
export interface FieldConstraint {
  values?: unknown[];
  range?: Interval;
}
export type Constraints = Map<string, FieldConstraint>;

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp) && Object.keys(v).some((k) => k.startsWith('$'));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp) && Object.getPrototypeOf(v) === Object.prototype;
}

function substitute(v: unknown, openid: string): unknown {
  return v === OPENID_PLACEHOLDER ? openid : v;
}

function intersect(a: unknown[], b: unknown[]): unknown[] {
  return a.filter((x) => b.some((y) => valuesEqual(x, y)));
}

function tighter(a: Bound | undefined, b: Bound | undefined, pick: 'max' | 'min'): Bound | undefined {
  if (!a || !b) return a ?? b;
  if (a.value === b.value) return { value: a.value, inclusive: a.inclusive && b.inclusive };
  return a.value > b.value === (pick === 'max') ? a : b;
}

/** Both ranges at once; bounds of different kinds (numbers and strings) match nothing in MongoDB,
 * but we keep the first range only: dropping a bound widens the query, which never wrongly allows. */
function intersectRanges(a: Interval | undefined, b: Interval | undefined): Interval | undefined {
  if (!a || !b) return a ?? b;
  if (a.kind !== b.kind) return a;
  return new Interval(tighter(a.lower, b.lower, 'max'), tighter(a.upper, b.upper, 'min'));
}

function mergeConstraint(prior: FieldConstraint | undefined, next: FieldConstraint): FieldConstraint {
  const values = prior?.values && next.values ? intersect(prior.values, next.values) : (prior?.values ?? next.values);
  const range = intersectRanges(prior?.range, next.range);
  // Finite values and a range together: the values that lie in the range, exactly.
  if (values && range) return { values: values.filter((v) => range.contains(v)) };
  return values ? { values } : { range };
}

function merge(into: Constraints, path: string, constraint: FieldConstraint): void {
  into.set(path, mergeConstraint(into.get(path), constraint));
}

const RANGE_OPS: Record<string, { side: 'lower' | 'upper'; inclusive: boolean }> = {
  $gt: { side: 'lower', inclusive: false },
  $gte: { side: 'lower', inclusive: true },
  $lt: { side: 'upper', inclusive: false },
  $lte: { side: 'upper', inclusive: true },
};

function rangeOf(op: string, arg: unknown): Interval | undefined {
  const spec = RANGE_OPS[op];
  const value = arg instanceof Date ? arg.getTime() : arg;
  if (!spec || (typeof value !== 'number' && typeof value !== 'string')) return undefined;
  const bound = { value, inclusive: spec.inclusive };
  return spec.side === 'lower' ? new Interval(bound, undefined) : new Interval(undefined, bound);
}

/** What one field condition allows, or null when it leaves the field open. */
function fieldConstraint(condition: unknown, openid: string): FieldConstraint | null {
  if (!isOperatorObject(condition)) {
    if (condition instanceof RegExp) return null;
    return { values: [substitute(condition, openid)] };
  }
  let constraint: FieldConstraint | null = null;
  for (const [op, arg] of Object.entries(condition)) {
    let these: FieldConstraint | undefined;
    if (op === '$eq') these = { values: [substitute(arg, openid)] };
    else if (op === '$in' && Array.isArray(arg)) these = { values: arg.map((x) => substitute(x, openid)) };
    else {
      const range = rangeOf(op, arg);
      if (range) these = { range };
    }
    if (these) constraint = mergeConstraint(constraint ?? undefined, these);
  }
  return constraint;
}

/** Flattens the decoded where-condition into alternatives of finite field constraints. */
export function queryAlternatives(query: Record<string, unknown>, openid: string, prefix = ''): Constraints[] {
  let alternatives: Constraints[] = [new Map()];
  const combine = (branches: Constraints[]): void => {
    const next: Constraints[] = [];
    for (const a of alternatives)
      for (const b of branches) {
        const m = new Map(a);
        for (const [k, v] of b) merge(m, k, v);
        next.push(m);
      }
    alternatives = next;
  };
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) combine(queryAlternatives(sub, openid, prefix));
    } else if (key === '$or' && Array.isArray(value)) {
      combine(value.filter(isPlainObject).flatMap((sub) => queryAlternatives(sub, openid, prefix)));
    } else if (key.startsWith('$')) {
      // $nor, $not, $expr...: no finite constraint can be read off them.
    } else if (isPlainObject(value) && !isOperatorObject(value)) {
      // A nested object not yet flattened: CloudBase matches it field by field (facts §2).
      combine(queryAlternatives(value, openid, `${prefix}${key}.`));
    } else {
      const constraint = fieldConstraint(value, openid);
      if (constraint) combine([new Map([[prefix + key, constraint]])]);
    }
  }
  return alternatives;
}

function* combinations(entries: Array<[string, unknown[]]>): Generator<Map<string, unknown>> {
  if (entries.length === 0) {
    yield new Map();
    return;
  }
  const [[path, values], ...rest] = entries;
  for (const value of values)
    for (const tail of combinations(rest)) {
      tail.set(path, value);
      yield tail;
    }
}

/** Dotted doc paths the rule reads with static keys (`doc.a.b`, `doc['a']`). */
export function docPaths(node: Node, out = new Set<string>()): Set<string> {
  const chain = staticDocChain(node);
  if (chain && chain.length) out.add(chain.join('.'));
  switch (node.type) {
    case 'array':
      node.items.forEach((n) => docPaths(n, out));
      break;
    case 'template':
      node.parts.forEach((p) => typeof p !== 'string' && docPaths(p, out));
      break;
    case 'member':
      docPaths(node.object, out);
      docPaths(node.key, out);
      break;
    case 'get':
      docPaths(node.path, out);
      break;
    case 'not':
      docPaths(node.operand, out);
      break;
    case 'regexTest':
      docPaths(node.subject, out);
      break;
    case 'logical':
    case 'compare':
      docPaths(node.left, out);
      docPaths(node.right, out);
      break;
  }
  return out;
}

function staticDocChain(node: Node): string[] | null {
  if (node.type === 'root') return node.name === 'doc' ? [] : null;
  if (node.type !== 'member' || node.key.type !== 'literal') return null;
  const head = staticDocChain(node.object);
  return head ? [...head, String(node.key.value)] : null;
}

export type QueryEnv = Omit<EvalEnv, 'docAt'>;

/**
 * True when the rule holds for every document the query could match. Throws RuleEvaluationError
 * when a get() depends on a field the query allows several values for (CloudBase requires `==` or
 * a single-value `in` there).
 */
export async function ruleHoldsForQuery(rule: Node, query: Record<string, unknown>, env: QueryEnv, openid: string): Promise<boolean> {
  const paths = docPaths(rule);
  for (const constraints of queryAlternatives(query, openid)) {
    const relevant: Array<[string, unknown[]]> = [];
    for (const [path, c] of constraints) if (paths.has(path) && c.values) relevant.push([path, c.values]);
    const count = relevant.reduce((n, [, values]) => n * values.length, 1);
    if (count > MAX_COMBINATIONS) return false;
    for (const assignment of combinations(relevant)) {
      const docAt: EvalEnv['docAt'] = (path, { insideGet }) => {
        const key = path.join('.');
        const pinned = (constraints.get(key)?.values?.length ?? 0) === 1;
        if (insideGet && constraints.has(key) && !pinned) {
          throw new RuleEvaluationError(`doc.${key} is used in get(), so the query must fix it with == or a single-value in`);
        }
        if (assignment.has(key)) return assignment.get(key);
        return constraints.get(key)?.range ?? UNKNOWN;
      };
      const result = await evaluateNode(rule, { ...env, docAt });
      if (result !== true) return false;
    }
  }
  return true;
}

/**
 * `'{openid}'` in a client query means the caller: CloudBase substitutes it (docs: security rules,
 * "{openid} 变量"), for the database and for watch.
 */
export function substituteOpenid(value: unknown, openid: string): Query {
  const walk = (v: unknown): unknown => {
    if (v === OPENID_PLACEHOLDER) return openid;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as Query;
}
