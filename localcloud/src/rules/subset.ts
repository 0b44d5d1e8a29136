// "The query must be a subset of the rule" (cloudbase-facts.md §4; docs.cloudbase.net
// database/security-rules: "front-end query conditions must be a subset of the security rules ...
// when the rule uses doc.fieldName, the query must include that field"). A read, update or delete
// rule is not applied as a filter: it is checked once against the where-condition, and passes only
// if every document the query could return satisfies it.
//
// How: the condition becomes a disjunction of alternatives (`$or` branches), each a map from a
// dotted field path to the finite set of values the query allows (`f: v`, `f: _.eq(v)`,
// `f: _.in([...])`). The rule is evaluated for every combination of those values; fields the query
// leaves open (ranges, `neq`, regexes, unconstrained) read as UNKNOWN. All evaluations must be
// definitely true. Range reasoning (rule `doc.age > 18`, query `age > 20`) is not attempted: denied.
import type { Node } from './parser';
import type { Query } from '../db/types';
import { evaluateNode, RuleEvaluationError, UNKNOWN, valuesEqual, type EvalEnv } from './evaluate';

/** CloudBase replaces this placeholder in client queries with the caller's openid. */
export const OPENID_PLACEHOLDER = '{openid}';
const MAX_COMBINATIONS = 256;

export type Constraints = Map<string, unknown[]>;

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

function merge(into: Constraints, path: string, values: unknown[]): void {
  const prior = into.get(path);
  into.set(path, prior ? intersect(prior, values) : values);
}

/** The finite value set one field condition allows, or null when it leaves the field open. */
function fieldValues(condition: unknown, openid: string): unknown[] | null {
  if (!isOperatorObject(condition)) {
    if (condition instanceof RegExp) return null;
    return [substitute(condition, openid)];
  }
  let values: unknown[] | null = null;
  for (const [op, arg] of Object.entries(condition)) {
    let these: unknown[] | null = null;
    if (op === '$eq') these = [substitute(arg, openid)];
    else if (op === '$in' && Array.isArray(arg)) these = arg.map((x) => substitute(x, openid));
    if (these) values = values ? intersect(values, these) : these;
  }
  return values;
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
      const values = fieldValues(value, openid);
      if (values) combine([new Map([[prefix + key, values]])]);
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
    const relevant = [...constraints].filter(([path]) => paths.has(path));
    const count = relevant.reduce((n, [, values]) => n * values.length, 1);
    if (count > MAX_COMBINATIONS) return false;
    for (const assignment of combinations(relevant)) {
      const docAt: EvalEnv['docAt'] = (path, { insideGet }) => {
        const key = path.join('.');
        if (!assignment.has(key)) return UNKNOWN;
        if (insideGet && (constraints.get(key)?.length ?? 0) > 1) {
          throw new RuleEvaluationError(`doc.${key} is used in get(), so the query must fix it with == or a single-value in`);
        }
        return assignment.get(key);
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
