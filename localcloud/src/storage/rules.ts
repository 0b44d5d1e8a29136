// Storage security rules: `{read, write}`, each a boolean or an expression over `auth` (the mini
// program user, null when not signed in) and `resource` (`{openid, path}`: the file's owner and
// its cloudPath). From CloudBase's storage rule docs (docs.cloudbase.net/storage/security-rules):
// absent keys mean false; `write` covers upload, overwrite and delete; rules apply to client
// requests only, never to the server SDK; a temp URL itself is not rule-checked.
//
// Expressions are parsed and evaluated by the local cloud's one rules engine (../rules), which
// exposes evaluateExpression for storage, with the regex test on the path that Tencent documents
// for per-folder permissions (cloud.tencent.com/document/product/876/49037:
// `/^public/.test(resource.path)`).
//
// What a storage rule cannot do, verified in the docs (storage/security-rules and its
// secure_resource page list `auth`, `resource` and `now`; `get()` is documented for database
// rules only, and uniCloud's page on Tencent's engine marks `doc`/database access as not open to
// storage rules): read the database. So "members of this conversation" is not expressible here;
// a rule using get() is refused at load instead of silently denying every request.
import fs from 'fs';
import { CloudError, ErrorCodes } from '../errors';
import { authFor, evaluateExpression, getCallCount, parseRule } from '../rules';

export type StorageRuleValue = boolean | string;
export interface StorageRules {
  read?: StorageRuleValue;
  write?: StorageRuleValue;
}

/** The brief's default: any signed-in user may read; only the owner may write. */
export const DEFAULT_STORAGE_RULES: StorageRules = { read: 'auth != null', write: 'resource.openid == auth.openid' };

export function loadStorageRules(file: string): StorageRules {
  if (!fs.existsSync(file)) return DEFAULT_STORAGE_RULES;
  const rules = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  validateStorageRules(rules);
  return rules;
}

export function validateStorageRules(rules: unknown): asserts rules is StorageRules {
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) throw new CloudError(ErrorCodes.INVALID_PARAM, 'storage rules must be an object');
  for (const [key, value] of Object.entries(rules)) {
    if (key !== 'read' && key !== 'write') throw new CloudError(ErrorCodes.INVALID_PARAM, `unknown storage rule key ${key}`);
    if (typeof value === 'boolean') continue;
    if (typeof value !== 'string') throw new CloudError(ErrorCodes.INVALID_PARAM, `storage rule ${key} must be a boolean or an expression`);
    let ast: ReturnType<typeof parseRule>;
    try {
      ast = parseRule(value);
    } catch (err) {
      throw new CloudError(ErrorCodes.INVALID_PARAM, `storage rule ${key}: ${(err as Error).message}`);
    }
    if (getCallCount(ast) > 0) throw new CloudError(ErrorCodes.INVALID_PARAM, `storage rule ${key}: storage rules cannot read the database (no get())`);
  }
}

/** Whether a mini program user may `operation` the file; an evaluation error denies. */
export async function allows(rules: StorageRules, operation: 'read' | 'write', user: { openid: string; appid?: string }, resource: { openid: string; path: string }): Promise<boolean> {
  try {
    return await evaluateExpression(rules[operation], { auth: authFor(user.openid, user.appid), resource });
  } catch {
    return false;
  }
}
