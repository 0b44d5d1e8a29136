// Parser for CloudBase security-rule expressions (cloudbase-facts.md §4): a JavaScript-like subset
// over `auth`, `doc`, `request`, `now` and `get(...)`, with `== != > >= < <= in && || ! . []`,
// literals (numbers, 'strings', "strings", true/false/null, [arrays]) and `template ${strings}`,
// and, for storage rules, a regex literal tested against a value: `/^avatars\//.test(resource.path)`
// (cloud.tencent.com/document/product/876/49037 gives `/^public/.test(resource.path)` as the way to
// give a folder its own permission; the language has no division, so `/` always opens a regex).
// Limits enforced here because they are static: 1,024 characters, at most 3 get() calls, get()
// nested at most 2 deep. Anything else is a RuleSyntaxError (the rule is broken, so access is denied).

export const MAX_RULE_LENGTH = 1024;
export const MAX_GET_CALLS = 3;
export const MAX_GET_NESTING = 2;

/** `resource` is the storage rules' file ({openid, path}); database rules never set it. */
const ROOTS = new Set(['auth', 'doc', 'request', 'now', 'resource']);
type RootName = 'auth' | 'doc' | 'request' | 'now' | 'resource';

export type Node =
  | { type: 'literal'; value: unknown }
  | { type: 'array'; items: Node[] }
  | { type: 'template'; parts: Array<string | Node> }
  | { type: 'root'; name: RootName }
  | { type: 'member'; object: Node; key: Node }
  | { type: 'get'; path: Node }
  | { type: 'regexTest'; regex: RegExp; subject: Node }
  | { type: 'not'; operand: Node }
  | { type: 'logical'; op: '&&' | '||'; left: Node; right: Node }
  | { type: 'compare'; op: CompareOp; left: Node; right: Node };

export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in';

export class RuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(`${message} in rule: ${source}`);
    this.name = 'RuleSyntaxError';
  }
}

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'tpl'; raw: string }
  | { kind: 'ident'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'eof' };

const OPERATORS = ['===', '!==', '==', '!=', '>=', '<=', '&&', '||', '>', '<', '!', '.', '[', ']', '(', ')', ','];

function tokenize(src: string, fail: (m: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? '') && !endsOperand(tokens))) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) fail(`bad number at ${i}`);
      tokens.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        value += src[j] ?? '';
        j++;
      }
      if (j >= src.length) fail('unterminated string');
      tokens.push({ kind: 'str', value });
      i = j + 1;
      continue;
    }
    if (c === '/') {
      let j = i + 1;
      while (j < src.length && src[j] !== '/') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) fail('unterminated regex');
      const flags = /^[gimsuy]*/.exec(src.slice(j + 1))![0];
      tokens.push({ kind: 'regex', source: src.slice(i + 1, j), flags });
      i = j + 1 + flags.length;
      continue;
    }
    if (c === '`') {
      const end = findTemplateEnd(src, i + 1);
      if (end < 0) fail('unterminated template string');
      tokens.push({ kind: 'tpl', raw: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      tokens.push({ kind: 'ident', value: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) fail(`unexpected character '${c}' at ${i}`);
    // `===` reads as `==`: the rules language compares by value, as the docs' examples do.
    tokens.push({ kind: 'op', value: op === '===' ? '==' : op === '!==' ? '!=' : op });
    i += op.length;
  }
  tokens.push({ kind: 'eof' });
  return tokens;
}

function endsOperand(tokens: Token[]): boolean {
  const t = tokens[tokens.length - 1];
  if (!t) return false;
  return t.kind !== 'op' || t.value === ')' || t.value === ']';
}

/** Index of the closing backtick, skipping over `${ ... }` blocks (which may hold quotes). */
function findTemplateEnd(src: string, from: number): number {
  let i = from;
  while (i < src.length) {
    if (src[i] === '\\') i += 2;
    else if (src[i] === '`') return i;
    else if (src.startsWith('${', i)) {
      const close = findBlockEnd(src, i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else i++;
  }
  return -1;
}

function findBlockEnd(src: string, from: number): number {
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === "'" || c === '"') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      const end = findTemplateEnd(src, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fail: (m: string) => never,
    private readonly sub: (src: string) => Node,
  ) {}

  parseAll(): Node {
    const node = this.or();
    if (this.peek().kind !== 'eof') this.fail(`unexpected ${describe(this.peek())}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }
  private expectOp(value: string): void {
    if (!this.isOp(value)) this.fail(`expected '${value}' but found ${describe(this.peek())}`);
    this.pos++;
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp('||')) {
      this.pos++;
      left = { type: 'logical', op: '||', left, right: this.and() };
    }
    return left;
  }
  private and(): Node {
    let left = this.comparison();
    while (this.isOp('&&')) {
      this.pos++;
      left = { type: 'logical', op: '&&', left, right: this.comparison() };
    }
    return left;
  }
  private comparison(): Node {
    const left = this.unary();
    const t = this.peek();
    const op = t.kind === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(t.value) ? t.value : t.kind === 'ident' && t.value === 'in' ? 'in' : null;
    if (!op) return left;
    this.pos++;
    return { type: 'compare', op: op as CompareOp, left, right: this.unary() };
  }
  private unary(): Node {
    if (this.isOp('!')) {
      this.pos++;
      return { type: 'not', operand: this.unary() };
    }
    return this.postfix();
  }
  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        const t = this.peek();
        if (t.kind !== 'ident') this.fail(`expected a field name after '.'`);
        this.pos++;
        node = { type: 'member', object: node, key: { type: 'literal', value: t.value } };
      } else if (this.isOp('[')) {
        this.pos++;
        const key = this.or();
        this.expectOp(']');
        node = { type: 'member', object: node, key };
      } else if (this.isOp('(')) {
        this.fail('only get(...) can be called');
      } else return node;
    }
  }
  private primary(): Node {
    const t = this.peek();
    this.pos++;
    switch (t.kind) {
      case 'num':
        return { type: 'literal', value: t.value };
      case 'str':
        return { type: 'literal', value: t.value };
      case 'tpl':
        return this.template(t.raw);
      case 'regex': {
        // A regex is only ever the receiver of `.test(value)`, the one method the docs show.
        let regex: RegExp;
        try {
          regex = new RegExp(t.source, t.flags.replace('g', ''));
        } catch (err) {
          return this.fail(`bad regex /${t.source}/: ${(err as Error).message}`);
        }
        this.expectOp('.');
        const method = this.peek();
        if (method.kind !== 'ident' || method.value !== 'test') this.fail('a regex can only be used as /.../.test(value)');
        this.pos++;
        this.expectOp('(');
        const subject = this.or();
        this.expectOp(')');
        return { type: 'regexTest', regex, subject };
      }
      case 'ident':
        if (t.value === 'true' || t.value === 'false') return { type: 'literal', value: t.value === 'true' };
        if (t.value === 'null') return { type: 'literal', value: null };
        if (t.value === 'get') {
          this.expectOp('(');
          const path = this.or();
          this.expectOp(')');
          return { type: 'get', path };
        }
        if (ROOTS.has(t.value)) return { type: 'root', name: t.value as RootName };
        return this.fail(`unknown identifier '${t.value}'`);
      case 'op':
        if (t.value === '(') {
          const inner = this.or();
          this.expectOp(')');
          return inner;
        }
        if (t.value === '[') {
          const items: Node[] = [];
          while (!this.isOp(']')) {
            items.push(this.or());
            if (!this.isOp(']')) this.expectOp(',');
          }
          this.pos++;
          return { type: 'array', items };
        }
        return this.fail(`unexpected '${t.value}'`);
      default:
        return this.fail('unexpected end of rule');
    }
  }
  private template(raw: string): Node {
    const parts: Array<string | Node> = [];
    let text = '';
    let i = 0;
    while (i < raw.length) {
      if (raw[i] === '\\') {
        text += raw[i + 1] ?? '';
        i += 2;
      } else if (raw.startsWith('${', i)) {
        const close = findBlockEnd(raw, i + 2);
        if (text) parts.push(text);
        text = '';
        parts.push(this.sub(raw.slice(i + 2, close)));
        i = close + 1;
      } else text += raw[i++];
    }
    if (text) parts.push(text);
    return { type: 'template', parts };
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of rule';
  if (t.kind === 'regex') return `/${t.source}/`;
  if (t.kind === 'num' || t.kind === 'str' || t.kind === 'ident' || t.kind === 'op') return `'${t.value}'`;
  return 'template string';
}

function parseFragment(src: string, whole: string): Node {
  const fail = (m: string): never => {
    throw new RuleSyntaxError(m, whole);
  };
  return new Parser(tokenize(src, fail), fail, (inner) => parseFragment(inner, whole)).parseAll();
}

/** Parses one rule expression and checks the static limits. */
export function parseRule(source: string): Node {
  if (source.length > MAX_RULE_LENGTH) throw new RuleSyntaxError(`rule longer than ${MAX_RULE_LENGTH} characters`, source.slice(0, 80) + '…');
  const ast = parseFragment(source, source);
  const calls = countGets(ast, 0);
  if (calls.count > MAX_GET_CALLS) throw new RuleSyntaxError(`more than ${MAX_GET_CALLS} get() calls`, source);
  if (calls.depth > MAX_GET_NESTING) throw new RuleSyntaxError(`get() nested deeper than ${MAX_GET_NESTING}`, source);
  return ast;
}

/** How many get() calls a parsed rule makes (storage rules may make none). */
export function getCallCount(ast: Node): number {
  return countGets(ast, 0).count;
}

function countGets(node: Node, depth: number): { count: number; depth: number } {
  const children: Node[] = [];
  let here = 0;
  let nextDepth = depth;
  switch (node.type) {
    case 'get':
      here = 1;
      nextDepth = depth + 1;
      children.push(node.path);
      break;
    case 'array':
      children.push(...node.items);
      break;
    case 'template':
      for (const p of node.parts) if (typeof p !== 'string') children.push(p);
      break;
    case 'member':
      children.push(node.object, node.key);
      break;
    case 'not':
      children.push(node.operand);
      break;
    case 'regexTest':
      children.push(node.subject);
      break;
    case 'logical':
    case 'compare':
      children.push(node.left, node.right);
      break;
  }
  let count = here;
  let maxDepth = nextDepth;
  for (const c of children) {
    const r = countGets(c, nextDepth);
    count += r.count;
    maxDepth = Math.max(maxDepth, r.depth);
  }
  return { count, depth: maxDepth };
}
