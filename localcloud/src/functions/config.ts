// What the runner knows about each cloud function: where its code is, its timeout, its environment
// variables and its timer triggers. The sources, in order of precedence:
//  1. cloudbaserc.json `functions[]` (CloudBase CLI format, docs.cloudbase.net cli-v1/functions/configs:
//     name, dir, handler "index.main", runtime, timeout (s), envVariables, installDependency,
//     triggers [{name, type: "timer", config: "<7-field cron>"}]);
//  2. the function folder's own config.json (WeChat DevTools format: {permissions, triggers});
//  3. defaults: timeout 3 s (WeChat cloud functions' default), handler index.main.
// Any folder under functionRoot holding index.ts or index.js is a function, listed in cloudbaserc or not,
// as WeChat DevTools deploys folders without cloudbaserc.
import fs from 'fs';
import path from 'path';
import { CloudError, ErrorCodes } from '../errors';
import { parseCron, CronSchedule } from './cron';

export const DEFAULT_TIMEOUT_SECONDS = 3;
/** CloudBase accepts 1-900 s (timer-triggered up to 900); anything else is a config mistake. */
const MAX_TIMEOUT_SECONDS = 900;

export interface TimerTrigger {
  name: string;
  cron: CronSchedule;
  /** Passed as event.Message; cloudbaserc has no field for it, SCF's console does. */
  message: string;
}

export interface FunctionDefinition {
  name: string;
  dir: string;
  /** TypeScript entry, when the function is written in TypeScript (then it is bundled before running). */
  sourceEntry?: string;
  /** Ready-to-run JavaScript entry (a plain JS function, not built by us). */
  jsEntry?: string;
  handlerExport: string;
  timeoutSeconds: number;
  envVariables: Record<string, string>;
  triggers: TimerTrigger[];
}

interface RcTrigger {
  name?: unknown;
  type?: unknown;
  config?: unknown;
  message?: unknown;
}

interface RcFunction {
  name?: unknown;
  dir?: unknown;
  handler?: unknown;
  timeout?: unknown;
  envVariables?: unknown;
  triggers?: unknown;
}

export interface FunctionsConfig {
  functionRoot: string;
  functions: Map<string, FunctionDefinition>;
}

function configError(file: string, why: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_PARAM, `${file}: ${why}`);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw configError(file, `not valid JSON (${(err as Error).message})`);
  }
}

const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

function parseTriggers(raw: unknown, file: string, fn: string): TimerTrigger[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw configError(file, `functions.${fn}.triggers must be an array`);
  const seen = new Set<string>();
  return (raw as RcTrigger[]).map((t) => {
    if (typeof t.name !== 'string' || !TRIGGER_NAME.test(t.name)) {
      throw configError(file, `function ${fn}: trigger name must start with a letter and use a-z A-Z 0-9 - _ (max 60)`);
    }
    if (seen.has(t.name)) throw configError(file, `function ${fn}: two triggers named ${t.name}`);
    seen.add(t.name);
    if (t.type !== 'timer') throw configError(file, `function ${fn}: trigger ${t.name} has type ${String(t.type)}; only "timer" exists`);
    if (typeof t.config !== 'string') throw configError(file, `function ${fn}: trigger ${t.name} needs a cron string in "config"`);
    return { name: t.name, cron: parseCron(t.config), message: typeof t.message === 'string' ? t.message : '' };
  });
}

function parseEnvVariables(raw: unknown, file: string, fn: string): Record<string, string> {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw configError(file, `function ${fn}: envVariables must be an object`);
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

function discover(functionRoot: string): string[] {
  if (!fs.existsSync(functionRoot)) return [];
  return fs
    .readdirSync(functionRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && ['index.ts', 'index.js'].some((f) => fs.existsSync(path.join(functionRoot, d.name, f))))
    .map((d) => d.name);
}

/**
 * Loads the functions config. `rcPath` may not exist (then every discovered function gets defaults);
 * `functionRoot` overrides the rc file's own.
 */
export function loadFunctionsConfig(rcPath: string, functionRootOverride?: string): FunctionsConfig {
  const rc = (fs.existsSync(rcPath) ? readJson(rcPath) : {}) as { functionRoot?: unknown; functions?: unknown };
  const rcDir = path.dirname(rcPath);
  const functionRoot = path.resolve(rcDir, functionRootOverride ?? (typeof rc.functionRoot === 'string' ? rc.functionRoot : './cloudfunctions'));
  if (rc.functions !== undefined && !Array.isArray(rc.functions)) throw configError(rcPath, 'functions must be an array');
  const rcFunctions = new Map<string, RcFunction>();
  for (const f of (rc.functions ?? []) as RcFunction[]) {
    if (typeof f.name !== 'string' || !f.name) throw configError(rcPath, 'every function needs a name');
    rcFunctions.set(f.name, f);
  }

  const functions = new Map<string, FunctionDefinition>();
  for (const name of new Set([...rcFunctions.keys(), ...discover(functionRoot)])) {
    const rcFn = rcFunctions.get(name) ?? {};
    const dir = path.resolve(functionRoot, typeof rcFn.dir === 'string' ? rcFn.dir : name);
    const handler = typeof rcFn.handler === 'string' ? rcFn.handler : 'index.main';
    const [handlerFile, handlerExport] = handler.split('.');
    if (handlerFile !== 'index' || !handlerExport) throw configError(rcPath, `function ${name}: handler must be "index.<export>" (got ${handler})`);
    const timeout = rcFn.timeout ?? DEFAULT_TIMEOUT_SECONDS;
    if (typeof timeout !== 'number' || !(timeout > 0) || timeout > MAX_TIMEOUT_SECONDS) {
      throw configError(rcPath, `function ${name}: timeout must be a number of seconds in (0, ${MAX_TIMEOUT_SECONDS}]`);
    }
    const wechatConfigFile = path.join(dir, 'config.json');
    const wechatConfig = (fs.existsSync(wechatConfigFile) ? readJson(wechatConfigFile) : {}) as { triggers?: unknown };
    const triggers = rcFn.triggers !== undefined ? parseTriggers(rcFn.triggers, rcPath, name) : parseTriggers(wechatConfig.triggers, wechatConfigFile, name);
    const ts = path.join(dir, 'index.ts');
    const js = path.join(dir, 'index.js');
    functions.set(name, {
      name,
      dir,
      sourceEntry: fs.existsSync(ts) ? ts : undefined,
      jsEntry: !fs.existsSync(ts) && fs.existsSync(js) ? js : undefined,
      handlerExport,
      timeoutSeconds: timeout,
      envVariables: parseEnvVariables(rcFn.envVariables, rcPath, name),
      triggers,
    });
  }
  return { functionRoot, functions };
}
