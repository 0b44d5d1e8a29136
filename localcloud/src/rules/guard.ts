// The database's client guard: every request from a mini program (POST /client, realtime watch)
// is checked against the collection's security rules in database/<collection>.json before it runs.
// Cloud functions (/admin) bypass rules entirely, as in CloudBase.
//
// What `doc` and `request.data` mean per operation (cloudbase-facts.md §4, CloudBase security-rule
// docs): read/update/delete -> `doc` is the query condition (subset rule, see subset.ts), and
// update also sees `request.data` = the update data; create -> `doc` and `request.data` are the new
// document, after `_openid` stamping (so a forged `_openid` never helps). `doc(id).get/update/
// remove` send `{_id}` as the condition: a rule reading other doc fields denies them, which is why
// the docs say to use `where({_id, _openid: '{openid}'})` under such rules. We do not read the
// stored document for doc() calls (conservative reading of "checked against the query condition").
import type { CollectionRules, CollectionSpec, RuleExpression } from '../../../domain/spec';
import type { ClientGuard, DatabaseService, GuardRequest } from '../db/types';
import { CloudError, ErrorCodes } from '../errors';
import { concreteDoc, evaluateNode, parseCached, RuleEvaluationError, type Auth, type EvalEnv } from './evaluate';
import { RuleSyntaxError, parseRule } from './parser';
import { ruleHoldsForQuery } from './subset';

/** At most this many distinct documents may be read by get() for one request. */
export const MAX_GET_DOCUMENTS = 10;
/** auth.loginType for a mini program user (WeChat login); documented assumption. */
export const MINIPROGRAM_LOGIN_TYPE = 'WECHAT-MINIPROGRAM';

export type Operation = GuardRequest['operation'];

/** read -> read; create/update/delete -> their own key, else `write`; absent -> deny. */
export function ruleFor(rules: CollectionRules | undefined, operation: Operation): RuleExpression | undefined {
  if (!rules) return undefined;
  if (operation === 'read') return rules.read;
  return rules[operation] ?? rules.write;
}

/** Fails fast on a broken rule in database/ instead of denying silently at request time. */
export function validateSpecRules(specs: CollectionSpec[]): void {
  for (const spec of specs)
    for (const [key, rule] of Object.entries(spec.rules ?? {})) {
      if (typeof rule === 'boolean') continue;
      if (typeof rule !== 'string') throw new Error(`database/${spec.collectionName}.json: rule ${key} must be a boolean or a string`);
      parseRule(rule);
    }
}

/** Turns `{$set: {'a.b': 1}, $inc: {n: 1}}` into `{a: {b: 1}, n: {$inc: 1}}` for `request.data`. */
export function updateDataForRules(update: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!update) return out;
  const put = (path: string, value: unknown): void => {
    const keys = path.split('.');
    let cur = out;
    for (const k of keys.slice(0, -1)) {
      if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
      cur = cur[k] as Record<string, unknown>;
    }
    cur[keys[keys.length - 1]] = value;
  };
  for (const [key, value] of Object.entries(update)) {
    if (key === '$set' && value && typeof value === 'object') for (const [p, v] of Object.entries(value)) put(p, v);
    else if (key.startsWith('$') && value && typeof value === 'object') for (const [p, v] of Object.entries(value)) put(p, { [key]: v });
    else put(key, value);
  }
  return out;
}

export function authFor(openid: string, appid?: string): Auth {
  return { openid, appid, loginType: MINIPROGRAM_LOGIN_TYPE };
}

export class RulesGuard implements ClientGuard {
  constructor(
    private readonly specs: () => CollectionSpec[],
    private readonly db: Pick<DatabaseService, 'find'>,
  ) {}

  async check(request: GuardRequest): Promise<void> {
    if (!(await this.allows(request))) {
      throw new CloudError(
        ErrorCodes.PERMISSION_DENIED,
        `Permission denied: ${request.operation} on collection ${request.collection} is not allowed by its security rules (the query must be a subset of the rule)`,
      );
    }
  }

  /** The collection's read rule reads other documents (get()), so its answer can change while a watch runs. */
  readConsultsOtherDocuments(collection: string): boolean {
    const rule = ruleFor(this.specs().find((s) => s.collectionName === collection)?.rules, 'read');
    return typeof rule === 'string' && /\bget\s*\(/.test(rule);
  }

  /** True when the request passes; false (never throws) for a denial or a broken rule. */
  async allows(request: GuardRequest): Promise<boolean> {
    const spec = this.specs().find((s) => s.collectionName === request.collection);
    const rule = ruleFor(spec?.rules, request.operation);
    if (typeof rule === 'boolean') return rule;
    if (typeof rule !== 'string') return false;
    const fetched = new Map<string, Promise<Record<string, unknown> | null>>();
    const env: Omit<EvalEnv, 'docAt'> = {
      auth: authFor(request.openid, request.appid),
      request: { data: request.operation === 'update' ? updateDataForRules(request.data) : request.data },
      now: Date.now(),
      getDocument: (collection, id) => {
        const key = `${collection}\u0000${id}`;
        let hit = fetched.get(key);
        if (!hit) {
          if (fetched.size >= MAX_GET_DOCUMENTS) throw new RuleEvaluationError(`get() may read at most ${MAX_GET_DOCUMENTS} documents per request`);
          hit = this.db.find(collection, { _id: id }, { limit: 1 }).then(
            (docs) => docs[0] ?? null,
            () => null,
          );
          fetched.set(key, hit);
        }
        return hit;
      },
    };
    try {
      const ast = parseCached(rule);
      if (request.operation === 'create') return (await evaluateNode(ast, { ...env, docAt: concreteDoc(request.data) })) === true;
      return await ruleHoldsForQuery(ast, request.query ?? {}, env, request.openid);
    } catch (e) {
      if (e instanceof RuleEvaluationError || e instanceof RuleSyntaxError) return false;
      throw e;
    }
  }
}
