// Evaluation of a parsed rule. Three-valued: when the rule reads a `doc` field the query does not
// pin down, the value is UNKNOWN, and the rule only passes if it is true whatever that value is
// (`true || UNKNOWN` is true, `UNKNOWN == 'x'` is UNKNOWN). That is how "the query must be a subset
// of the rule" is decided without running the query (see subset.ts).
//
// Semantics chosen (cloudbase-facts.md §4: "a get() of a missing document yields null and
// comparisons over it are false"): a member of null/undefined is ABSENT, and any comparison with an
// ABSENT operand is false whatever the operator, so `get(...).role != 'x'` does not pass for a
// missing document. A missing field of an existing object is undefined and compares as in
// JavaScript's loose equality (`request.data.published != true` holds when the field is absent;
// `undefined == null`); ordering comparisons need two numbers or two strings (Dates compare as ms).
import { parseRule, type Node } from './parser';

export const UNKNOWN: unique symbol = Symbol('unknown');
/** A member read through null/undefined (e.g. a field of a get() that found nothing). */
const ABSENT: unique symbol = Symbol('absent');
export type Value = unknown;

/** One end of an Interval; `value` is already comparable (Dates as ms). */
export interface Bound {
  value: number | string;
  inclusive: boolean;
}

/**
 * What the subset check knows of a doc field the query bounds by a range (`_.gt`, `_.lte`, ...):
 * every matching document holds a value of the bounds' kind inside it (a range over numbers matches
 * only numbers, as in MongoDB). Only ordering and equality against a known value can be decided
 * from it (see compareInterval); anywhere else it reads as UNKNOWN.
 */
export class Interval {
  constructor(
    readonly lower?: Bound,
    readonly upper?: Bound,
  ) {}

  get kind(): 'number' | 'string' {
    return typeof (this.lower ?? this.upper)!.value as 'number' | 'string';
  }

  /** Whether a known value lies inside (a value of another kind never matches a range). */
  contains(value: Value): boolean {
    const v = comparable(value);
    if (typeof v !== this.kind) return false;
    const x = v as number | string;
    const { lower, upper } = this;
    if (lower && (x < lower.value || (x === lower.value && !lower.inclusive))) return false;
    if (upper && (x > upper.value || (x === upper.value && !upper.inclusive))) return false;
    return true;
  }
}

/** A reference into `doc`, resolved lazily so that `doc.a.b` becomes the path `a.b`. */
class DocRef {
  constructor(readonly path: string[]) {}
}

export interface Auth {
  openid?: string;
  uid?: string;
  loginType?: string;
  appid?: string;
}

export interface EvalEnv {
  auth: Auth | null;
  /**
   * Value of the document at a (possibly empty) path; UNKNOWN when the query leaves it open, an
   * Interval when the query bounds it by a range.
   */
  docAt(path: string[], options: { insideGet: boolean }): Value;
  request: { data?: unknown };
  now: number;
  /** Storage rules only: the file as `{openid, path}`. */
  resource?: unknown;
  /** Resolves get('database.<collection>.<id>'); null when the document does not exist. */
  getDocument?(collection: string, id: string): Promise<Record<string, unknown> | null>;
}

export class RuleEvaluationError extends Error {}

export async function evaluateNode(node: Node, env: EvalEnv, insideGet = false): Promise<Value> {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'array': {
      const items: Value[] = [];
      for (const item of node.items) items.push(resolve(await evaluateNode(item, env, insideGet), env, insideGet));
      return items.includes(UNKNOWN) ? UNKNOWN : items;
    }
    case 'template': {
      let text = '';
      for (const part of node.parts) {
        if (typeof part === 'string') text += part;
        else {
          const v = resolve(await evaluateNode(part, env, insideGet), env, insideGet);
          if (v === UNKNOWN) return UNKNOWN;
          text += v === ABSENT || v === undefined ? 'undefined' : v instanceof Date ? v.toISOString() : String(v);
        }
      }
      return text;
    }
    case 'root':
      if (node.name === 'doc') return new DocRef([]);
      if (node.name === 'auth') return env.auth;
      if (node.name === 'request') return env.request;
      if (node.name === 'resource') return env.resource;
      return env.now;
    case 'member': {
      const object = await evaluateNode(node.object, env, insideGet);
      const key = resolve(await evaluateNode(node.key, env, insideGet), env, insideGet);
      if (key === UNKNOWN) return UNKNOWN;
      if (object instanceof DocRef) return new DocRef([...object.path, String(key)]);
      return member(object, key);
    }
    case 'get': {
      const path = resolve(await evaluateNode(node.path, env, true), env, true);
      if (path === UNKNOWN) return UNKNOWN;
      const m = typeof path === 'string' ? /^database\.([^.]+)\.(.+)$/.exec(path) : null;
      if (!m) throw new RuleEvaluationError(`get() needs 'database.<collection>.<id>', got ${String(path)}`);
      if (!env.getDocument) throw new RuleEvaluationError('get() is not available here');
      return env.getDocument(m[1], m[2]);
    }
    case 'regexTest': {
      // Only a string can match; anything else (absent, a number) is false, as JavaScript's
      // test() would not be asked to coerce in a rule.
      const subject = resolve(await evaluateNode(node.subject, env, insideGet), env, insideGet);
      if (subject === UNKNOWN) return UNKNOWN;
      return typeof subject === 'string' && node.regex.test(subject);
    }
    case 'not': {
      const v = truth(resolve(await evaluateNode(node.operand, env, insideGet), env, insideGet));
      return v === UNKNOWN ? UNKNOWN : !v;
    }
    case 'logical': {
      const left = truth(resolve(await evaluateNode(node.left, env, insideGet), env, insideGet));
      if (node.op === '&&' && left === false) return false;
      if (node.op === '||' && left === true) return true;
      const right = truth(resolve(await evaluateNode(node.right, env, insideGet), env, insideGet));
      if (left !== UNKNOWN) return right;
      // left is UNKNOWN: only a decisive right side decides.
      if (node.op === '&&') return right === false ? false : UNKNOWN;
      return right === true ? true : UNKNOWN;
    }
    case 'compare': {
      const left = resolveKeepingInterval(await evaluateNode(node.left, env, insideGet), env, insideGet);
      const right = resolveKeepingInterval(await evaluateNode(node.right, env, insideGet), env, insideGet);
      if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
      if (left instanceof Interval) return compareInterval(node.op, left, right);
      if (right instanceof Interval) return compareInterval(FLIPPED[node.op] ?? '', right, left);
      return compare(node.op, left, right);
    }
  }
}

function resolveKeepingInterval(v: Value, env: EvalEnv, insideGet: boolean): Value {
  return v instanceof DocRef ? env.docAt(v.path, { insideGet }) : v;
}

/** A doc value where only a known value will do: a range the query allows is UNKNOWN here. */
function resolve(v: Value, env: EvalEnv, insideGet: boolean): Value {
  const r = resolveKeepingInterval(v, env, insideGet);
  return r instanceof Interval ? UNKNOWN : r;
}

/** `b < doc.x` is `doc.x > b`; `in` is not symmetric (an Interval on its right stays UNKNOWN). */
const FLIPPED: Record<string, string> = { '==': '==', '!=': '!=', '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/**
 * `x op b` for every x in the interval: true when it holds for all of them, false when for none,
 * else UNKNOWN. E.g. query `seq > a` against rule `doc.seq > b` holds iff a >= b; query `seq >= a`
 * iff a > b. Bounds of another kind than b decide nothing (UNKNOWN).
 */
export function compareInterval(op: string, range: Interval, other: Value): Value {
  if (other === ABSENT) return false; // as compare(): a comparison with an absent operand is false
  const known = comparable(other);
  if (typeof known !== range.kind) return UNKNOWN;
  const b = known as number | string;
  const { lower: lo, upper: up } = range;
  // Every x from this bound on is > b (strict) or >= b; likewise below for < and <=.
  const above = (bound: Bound | undefined, strict: boolean): boolean => !!bound && (bound.value > b || (bound.value === b && (!strict || !bound.inclusive)));
  const below = (bound: Bound | undefined, strict: boolean): boolean => !!bound && (bound.value < b || (bound.value === b && (!strict || !bound.inclusive)));
  // all x > b: lo >= b if lo is exclusive, lo > b if inclusive; no x > b: up <= b.
  switch (op) {
    case '>':
      return above(lo, true) ? true : below(up, false) ? false : UNKNOWN;
    case '>=':
      return above(lo, false) ? true : below(up, true) ? false : UNKNOWN;
    case '<':
      return below(up, true) ? true : above(lo, false) ? false : UNKNOWN;
    case '<=':
      return below(up, false) ? true : above(lo, true) ? false : UNKNOWN;
    case '==':
      return range.contains(b) ? UNKNOWN : false;
    case '!=':
      return range.contains(b) ? UNKNOWN : true;
    default:
      return UNKNOWN;
  }
}

function member(object: Value, key: Value): Value {
  if (object === UNKNOWN) return UNKNOWN;
  if (object === null || object === undefined || object === ABSENT || typeof object !== 'object') return ABSENT;
  if (Array.isArray(object) && key === 'length') return object.length;
  return Object.prototype.hasOwnProperty.call(object, String(key)) ? (object as Record<string, unknown>)[String(key)] : undefined;
}

function truth(v: Value): boolean | typeof UNKNOWN {
  return v === UNKNOWN ? UNKNOWN : v === ABSENT ? false : Boolean(v);
}

function comparable(v: Value): Value {
  return v instanceof Date ? v.getTime() : v;
}

export function valuesEqual(a: Value, b: Value): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (x === y) return true;
  if ((x === undefined || x === null) && (y === undefined || y === null)) return true;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => valuesEqual(v, y[i]));
  if (x && y && typeof x === 'object' && typeof y === 'object') {
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    return kx.length === ky.length && kx.every((k) => valuesEqual((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
  }
  return false;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (a === ABSENT || b === ABSENT) return false;
  switch (op) {
    case '==':
      return valuesEqual(a, b);
    case '!=':
      return !valuesEqual(a, b);
    case 'in':
      if (Array.isArray(b)) return b.some((item) => valuesEqual(a, item));
      if (b && typeof b === 'object') return Object.prototype.hasOwnProperty.call(b, String(a));
      return false;
    default: {
      const x = comparable(a);
      const y = comparable(b);
      const sameKind = (typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string');
      if (!sameKind) return false;
      const [p, q] = [x as number | string, y as number | string];
      return op === '>' ? p > q : op === '>=' ? p >= q : op === '<' ? p < q : p <= q;
    }
  }
}

/** A plain document as `doc` (creates, storage, tests): every path is known. */
export function concreteDoc(doc: unknown): EvalEnv['docAt'] {
  return (path) => path.reduce<Value>((v, k) => member(v, k), doc);
}

export interface ExpressionEnv {
  auth?: Auth | null;
  doc?: unknown;
  request?: { data?: unknown };
  now?: number;
  /** Storage rules: the file `{openid, path}`. */
  resource?: unknown;
  getDocument?: EvalEnv['getDocument'];
}

/**
 * Evaluates one rule expression (or a boolean rule) over concrete values; true only when the rule
 * definitely holds. Exposed for the storage rules ({read, write} over `resource` as `doc`) and the
 * function invoke rules, so there is one evaluator in the local cloud.
 */
export async function evaluateExpression(rule: string | boolean | undefined, env: ExpressionEnv): Promise<boolean> {
  if (typeof rule === 'boolean') return rule;
  if (rule === undefined) return false;
  const result = await evaluateNode(parseCached(rule), {
    auth: env.auth ?? null,
    docAt: concreteDoc(env.doc),
    request: env.request ?? {},
    now: env.now ?? Date.now(),
    resource: env.resource,
    getDocument: env.getDocument,
  });
  return result === true;
}

const parsed = new Map<string, Node>();
/** Rules are few and evaluated on every request: parse each once. */
export function parseCached(rule: string): Node {
  let ast = parsed.get(rule);
  if (!ast) {
    ast = parseRule(rule);
    parsed.set(rule, ast);
  }
  return ast;
}
