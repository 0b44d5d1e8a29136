// Storage security rules: `{read, write}`, each a boolean or an expression over `auth`
// (`{openid}` for a mini program user, null when not signed in) and `resource` (`{openid, path}`:
// the file's owner and its cloudPath). Read from CloudBase's storage rule docs
// (docs.cloudbase.net/storage/security-rules/secure_resource): keys absent mean false; `write`
// covers upload, overwrite and delete; rules apply to client requests only, never to the server
// SDK; the temp URL itself is not rule-checked. `uid` and `loginType` are not modelled.
//
// The evaluator is deliberately tiny and storage-only (the database rules engine in
// localcloud/src/rules did not exist when this was written): literals, dotted and [] member
// access, `! && || == != < <= > >=`, parentheses and `/regex/.test(x)`. An error while
// evaluating (e.g. `auth.openid` when auth is null) denies, as CloudBase does.
import fs from 'fs';
import { CloudError, ErrorCodes } from '../errors';

export type StorageRuleValue = boolean | string;
export interface StorageRules {
  read?: StorageRuleValue;
  write?: StorageRuleValue;
}

/** The brief's default: any signed-in user may read; only the owner may write. */
export const DEFAULT_STORAGE_RULES: StorageRules = { read: 'auth != null', write: 'resource.openid == auth.openid' };

export interface RuleContext {
  auth: { openid: string } | null;
  resource: { openid: string; path: string };
}

export function loadStorageRules(file: string): StorageRules {
  if (!fs.existsSync(file)) return DEFAULT_STORAGE_RULES;
  const rules = JSON.parse(fs.readFileSync(file, 'utf8')) as StorageRules;
  validateStorageRules(rules);
  return rules;
}

export function validateStorageRules(rules: unknown): asserts rules is StorageRules {
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) throw new CloudError(ErrorCodes.INVALID_PARAM, 'storage rules must be an object');
  for (const [key, value] of Object.entries(rules)) {
    if (key !== 'read' && key !== 'write') throw new CloudError(ErrorCodes.INVALID_PARAM, `unknown storage rule key ${key}`);
    if (typeof value === 'string') parse(value);
    else if (typeof value !== 'boolean') throw new CloudError(ErrorCodes.INVALID_PARAM, `storage rule ${key} must be a boolean or an expression`);
  }
}

export function allows(rules: StorageRules, operation: 'read' | 'write', ctx: RuleContext): boolean {
  const rule = rules[operation];
  if (typeof rule === 'boolean') return rule;
  if (typeof rule !== 'string') return false;
  try {
    return evaluate(parse(rule), ctx) === true;
  } catch {
    return false;
  }
}

// ---- tokenizer and parser ----

type Token =
  | { t: 'lit'; v: unknown }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string }
  | { t: 're'; v: RegExp };

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'id'; name: string }
  | { k: 'member'; obj: Node; prop: Node }
  | { k: 'not'; arg: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'test'; re: RegExp; arg: Node };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '.', '[', ']'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (why: string) => new CloudError(ErrorCodes.INVALID_PARAM, `storage rule "${src}": ${why} at ${i}`);
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw fail('unterminated string');
      out.push({ t: 'lit', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    // A '/' can only start a regex literal here: the grammar has no division.
    if (c === '/') {
      let j = i + 1;
      while (j < src.length && src[j] !== '/') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw fail('unterminated regex');
      const flags = /^[gimsuy]*/.exec(src.slice(j + 1))![0];
      out.push({ t: 're', v: new RegExp(src.slice(i + 1, j), flags) });
      i = j + 1 + flags.length;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'lit', v: Number(num[0]) }); i += num[0].length; continue; }
    const id = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
    if (id) {
      const w = id[0];
      out.push(w === 'true' || w === 'false' ? { t: 'lit', v: w === 'true' } : w === 'null' ? { t: 'lit', v: null } : { t: 'id', v: w });
      i += w.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw fail(`unexpected ${c}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const parsed = new Map<string, Node>();

function parse(src: string): Node {
  const hit = parsed.get(src);
  if (hit) return hit;
  if (src.length > 1024) throw new CloudError(ErrorCodes.INVALID_PARAM, 'storage rule longer than 1024 characters');
  const toks = tokenize(src);
  let p = 0;
  const fail = (why: string) => new CloudError(ErrorCodes.INVALID_PARAM, `storage rule "${src}": ${why}`);
  const isOp = (v: string) => toks[p]?.t === 'op' && toks[p].v === v;
  const expectOp = (v: string) => { if (!isOp(v)) throw fail(`expected ${v}`); p++; };

  const binary = (ops: string[], next: () => Node) => (): Node => {
    let l = next();
    while (ops.some(isOp)) {
      const op = toks[p++].v as string;
      l = { k: 'bin', op, l, r: next() };
    }
    return l;
  };
  const primary = (): Node => {
    const tok = toks[p++];
    if (!tok) throw fail('unexpected end');
    let node: Node;
    if (tok.t === 'lit') node = { k: 'lit', v: tok.v };
    else if (tok.t === 'id') node = { k: 'id', name: tok.v };
    else if (tok.t === 're') {
      expectOp('.');
      const name = toks[p++];
      if (name?.t !== 'id' || name.v !== 'test') throw fail('a regex only supports .test(...)');
      expectOp('(');
      const arg = or();
      expectOp(')');
      return { k: 'test', re: tok.v, arg };
    } else if (tok.v === '(') { node = or(); expectOp(')'); }
    else throw fail(`unexpected ${String(tok.v)}`);
    for (;;) {
      if (isOp('.')) {
        p++;
        const name = toks[p++];
        if (name?.t !== 'id') throw fail('expected a property name after .');
        node = { k: 'member', obj: node, prop: { k: 'lit', v: name.v } };
      } else if (isOp('[')) {
        p++;
        const prop = or();
        expectOp(']');
        node = { k: 'member', obj: node, prop };
      } else return node;
    }
  };
  const unary = (): Node => (isOp('!') ? (p++, { k: 'not', arg: unary() }) : primary());
  const compare = binary(['==', '!=', '<=', '>=', '<', '>'], unary);
  const and = binary(['&&'], compare);
  const or: () => Node = binary(['||'], and);

  const root = or();
  if (p !== toks.length) throw fail('unexpected trailing input');
  parsed.set(src, root);
  return root;
}

function evaluate(node: Node, ctx: RuleContext): unknown {
  switch (node.k) {
    case 'lit': return node.v;
    case 'id':
      if (node.name === 'auth') return ctx.auth;
      if (node.name === 'resource') return ctx.resource;
      throw new Error(`unknown variable ${node.name}`);
    case 'member': {
      const obj = evaluate(node.obj, ctx);
      if (obj === null || typeof obj !== 'object') throw new Error('member access on a non-object');
      return (obj as Record<string, unknown>)[String(evaluate(node.prop, ctx))];
    }
    case 'not': return !evaluate(node.arg, ctx);
    case 'test': return node.re.test(String(evaluate(node.arg, ctx)));
    case 'bin': {
      if (node.op === '&&') return Boolean(evaluate(node.l, ctx)) && Boolean(evaluate(node.r, ctx));
      if (node.op === '||') return Boolean(evaluate(node.l, ctx)) || Boolean(evaluate(node.r, ctx));
      const l = evaluate(node.l, ctx);
      const r = evaluate(node.r, ctx);
      switch (node.op) {
        case '==': return l === r;
        case '!=': return l !== r;
        case '<': return (l as number) < (r as number);
        case '<=': return (l as number) <= (r as number);
        case '>': return (l as number) > (r as number);
        default: return (l as number) >= (r as number);
      }
    }
  }
}
