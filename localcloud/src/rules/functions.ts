// Cloud function invoke rules (cloudbase-facts.md §4): `{"*": {"invoke": "auth != null"}}`, with
// per-function keys overriding "*". Kept in database/functions/rules.json (beside database/storage/rules.json) (not database/*.json,
// which holds one collection spec per file). Without the file, CloudBase's default applies: any
// signed-in user may invoke. Only mini program callers are checked; functions calling functions
// (/admin) are not.
import fs from 'fs';
import path from 'path';
import { CloudError, ErrorCodes } from '../errors';
import { evaluateExpression } from './evaluate';
import { authFor } from './guard';
import { parseRule } from './parser';

export type FunctionRules = Record<string, { invoke?: boolean | string }>;
export const DEFAULT_FUNCTION_RULES: FunctionRules = { '*': { invoke: 'auth != null' } };
export const FUNCTION_RULES_FILE = path.join('functions', 'rules.json');

export function loadFunctionRules(databaseDir: string): FunctionRules {
  const file = path.join(databaseDir, FUNCTION_RULES_FILE);
  if (!fs.existsSync(file)) return DEFAULT_FUNCTION_RULES;
  const rules = JSON.parse(fs.readFileSync(file, 'utf8')) as FunctionRules;
  for (const entry of Object.values(rules)) if (typeof entry.invoke === 'string') parseRule(entry.invoke);
  return rules;
}

/**
 * Throws CloudError DATABASE_PERMISSION_DENIED (-502003 in wx-server-sdk) when the caller may not invoke
 * `functionName`. The functions service calls this for /client callers before invoking.
 */
export async function checkInvokePermission(rules: FunctionRules, functionName: string, caller: { openid?: string; appid?: string } | null): Promise<void> {
  const rule = rules[functionName]?.invoke ?? rules['*']?.invoke;
  const auth = caller?.openid ? authFor(caller.openid, caller.appid) : null;
  if (await evaluateExpression(rule, { auth })) return;
  throw new CloudError(ErrorCodes.PERMISSION_DENIED, `Permission denied: invoking function ${functionName} is not allowed by the function security rules`);
}
