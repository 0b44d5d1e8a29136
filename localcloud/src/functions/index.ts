// The local functions service: `functions.invokeFunction` for the real SDKs (server SDK at /admin,
// the wx.cloud shim at /client), timer triggers, and the invocation record for the console and tests.
//
// Wire format verified in @cloudbase/node-sdk 3.17.2 dist/functions/index.js: the request carries
// `function_name` and `request_data` (JSON string, '' for no data); the answer's `data.response_data`
// is JSON.parse'd into `result` (left as is when it is not JSON). An error answer `{code, message}`
// makes tcbapirequester throw a TcbError carrying `code`; wx-server-sdk's callFunction turns it into
// `callFunction:fail <message>` keeping `code` (index.js toSDKError).
import path from 'path';
import type { IncomingMessage } from 'http';
import type { CallerIdentity } from '../config';
import { CloudError, ErrorCodes } from '../errors';
import type { DatabaseService } from '../db';
import { readBody, sendJson } from '../server/http';
import type { ActionContext } from '../server/router';
import type { Service, ServiceContext } from '../server/service';
import { FunctionDefinition, FunctionsConfig, loadFunctionsConfig, TimerTrigger } from './config';
import { calleeIdentity, CallingContext, contextEnv } from './context';
import type { InvocationRecord, InvocationTrigger } from './invocations';
import { FunctionsRunner } from './runner';
import { TimerScheduler } from './timers';
import { checkInvokePermission, loadFunctionRules } from '../rules';

export type { InvocationRecord } from './invocations';
export type { FunctionDefinition } from './config';

/** SCF's synchronous invocation limit on the request payload. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

export interface FunctionsOptions {
  /** cloudbaserc.json to read; defaults to <projectRoot>/cloudbaserc.json. */
  configPath?: string;
  /** Overrides the rc file's functionRoot (tests point it at fixtures). */
  functionRoot?: string;
  /** Run timer triggers on their schedule (default true); fireTimer works either way. */
  timers?: boolean;
  maxProcesses?: number;
  maxIdlePerFunction?: number;
  idleTimeoutMs?: number;
  echoLogs?: boolean;
}

export interface FunctionsService extends Service {
  /** Calls a function as `identity` (a mini program user: {openid, appid, source:'wx_client'}). */
  invoke(name: string, data?: unknown, identity?: CallerIdentity): Promise<unknown>;
  /** Fires a timer trigger now (the function's first trigger when unnamed); resolves when the run ends. */
  fireTimer(functionName: string, triggerName?: string): Promise<InvocationRecord>;
  /** Newest first. */
  invocations(filter?: { name?: string; limit?: number }): InvocationRecord[];
  /** Resolves with the first finished invocation matching `predicate`, or rejects after `timeoutMs`. */
  waitForInvocation(predicate: (r: InvocationRecord) => boolean, timeoutMs: number): Promise<InvocationRecord>;
  onInvocation(listener: (r: InvocationRecord) => void): () => void;
  /**
   * The environment of a function invoked by `identity`, for a Node process that plays that function:
   * `Object.assign(process.env, cloud.functions.contextEnv(user))` and its server-SDK calls carry the
   * user (getWXContext, callFunction), exactly as inside a real invocation. Valid until the cloud stops.
   */
  contextEnv(identity: CallerIdentity): Record<string, string>;
  /** Who a request at /admin comes from, when it comes from a function invocation (or a context token). */
  callingContext(params: Record<string, unknown>, ctx: ActionContext): CallingContext | undefined;
  list(): FunctionDefinition[];
  /** Re-reads cloudbaserc.json and sources (rebuilds on next call, restarts timers). */
  reload(): void;
  /**
   * Kills the instances of a function that are running an invocation (the SIGKILL of a timeout,
   * at a moment of the caller's choosing: tests interrupt a run exactly where they want). Returns
   * how many were killed.
   */
  killRunning(functionName: string): number;
}

function parseEvent(raw: unknown): unknown {
  if (raw === undefined || raw === '') return {};
  if (typeof raw !== 'string') throw new CloudError(ErrorCodes.INVALID_PARAM, 'request_data must be a JSON string');
  if (Buffer.byteLength(raw) > MAX_REQUEST_BYTES) throw new CloudError(ErrorCodes.PAYLOAD_TOO_LARGE, `request_data exceeds ${MAX_REQUEST_BYTES} bytes`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new CloudError(ErrorCodes.INVALID_PARAM, 'request_data is not valid JSON');
  }
}

/** A call from the mini program gets `event.userInfo = {appId, openId}` injected (WeChat docs, functions/userinfo). */
function withUserInfo(event: unknown, identity: CallerIdentity): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  return { ...event, userInfo: { appId: identity.appid, openId: identity.openid } };
}

function failure(record: InvocationRecord): CloudError {
  return new CloudError(record.error?.code ?? ErrorCodes.FUNCTION_EXECUTE_FAIL, record.error?.message ?? 'function failed');
}

/** CloudBase writes timer times without milliseconds: "2019-02-21T11:49:00Z". */
function timerTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function createFunctionsService(ctx: ServiceContext, _db: DatabaseService, options: FunctionsOptions = {}): Promise<FunctionsService> {
  const configPath = options.configPath ?? path.join(ctx.projectRoot, 'cloudbaserc.json');
  const loadConfig = (): FunctionsConfig => loadFunctionsConfig(configPath, options.functionRoot);
  const runner = new FunctionsRunner(loadConfig(), {
    workDir: path.join(ctx.dataDir, 'functions'),
    projectRoot: ctx.projectRoot,
    envId: ctx.envId,
    baseUrl: ctx.baseUrl,
    maxProcesses: options.maxProcesses ?? 32,
    maxIdlePerFunction: options.maxIdlePerFunction ?? 8,
    idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000,
    initTimeoutMs: 10_000,
    echoLogs: options.echoLogs ?? false,
  });

  async function call(name: string, event: unknown, identity: CallerIdentity, trigger: InvocationTrigger, parentId?: string): Promise<string> {
    const { record, response } = await runner.run({ name, event, identity, trigger, parentId });
    if (record.status !== 'ok' || response === undefined) throw failure(record);
    return response;
  }

  async function runTimer(fn: FunctionDefinition, trigger: TimerTrigger, at: number): Promise<InvocationRecord> {
    const event = { Type: 'Timer', TriggerName: trigger.name, Time: timerTime(at), Message: trigger.message };
    const { record } = await runner.run({ name: fn.name, event, identity: { source: 'wx_trigger' }, trigger: { kind: 'timer', trigger: trigger.name } });
    return record;
  }

  const scheduler = new TimerScheduler((fn, trigger, at) => {
    runTimer(fn, trigger, at).catch((err) => console.error(`[local cloud] timer ${fn.name}/${trigger.name} failed`, err));
  });

  const invokeRules = loadFunctionRules(path.join(ctx.projectRoot, 'database'));
  ctx.router.action('functions.invokeFunction', async (params, actionCtx) => {
    const name = params.function_name;
    if (typeof name !== 'string' || !name) throw new CloudError(ErrorCodes.INVALID_PARAM, 'function_name is required');
    runner.definition(name);
    const event = parseEvent(params.request_data);
    let response: string;
    if (actionCtx.caller.kind === 'client') {
      const identity = actionCtx.caller.identity;
      // Mini program calls pass the function invoke rules (database/functions/rules.json); SDK calls from functions do not.
      await checkInvokePermission(invokeRules, name, identity);
      response = await call(name, withUserInfo(event, identity), identity, { kind: 'call', via: 'client' });
    } else {
      const caller = runner.tokens.fromRequest(params, actionCtx);
      // Without a calling context (a Node admin SDK outside any function) there is no user: no OPENID.
      const identity = caller ? calleeIdentity(caller.identity) : { source: 'scf' };
      response = await call(name, event, identity, { kind: 'call', via: caller?.invocationId ? 'function' : 'admin' }, caller?.invocationId);
    }
    return { response_data: response };
  });

  ctx.router.route('GET', '/functions/invocations', async (_req, res, url) => {
    const limit = url.searchParams.get('limit');
    if (limit !== null && !/^\d+$/.test(limit)) throw new CloudError(ErrorCodes.INVALID_PARAM, 'limit must be a positive integer');
    const name = url.searchParams.get('name') || undefined;
    sendJson(res, 200, { invocations: runner.log.list({ name, limit: limit === null ? undefined : Number(limit) }) });
  });

  ctx.router.route('GET', '/functions/list', async (_req, res) => {
    sendJson(res, 200, { functions: service.list().map((f) => ({ name: f.name, timeout: f.timeoutSeconds, triggers: f.triggers.map((t) => ({ name: t.name, config: t.cron.source })) })) });
  });

  // POST /functions/timers/<function>/fire[?trigger=<name>]
  ctx.router.route('POST', '/functions/timers', async (req: IncomingMessage, res, url) => {
    await readBody(req);
    const match = /^\/functions\/timers\/([^/]+)\/fire$/.exec(url.pathname);
    if (!match) throw new CloudError(ErrorCodes.INVALID_PARAM, 'use POST /functions/timers/<function>/fire[?trigger=<name>]');
    const record = await service.fireTimer(decodeURIComponent(match[1]), url.searchParams.get('trigger') || undefined);
    sendJson(res, 200, record);
  });

  const timersEnabled = options.timers ?? true;
  const service: FunctionsService = {
    name: 'functions',
    async start() {
      if (timersEnabled) scheduler.start(runner.functions.values());
    },
    async stop() {
      scheduler.stop();
      await runner.close();
    },
    async invoke(name, data = {}, identity = {}) {
      const event = identity.source === 'wx_client' ? withUserInfo(data, identity) : data;
      return JSON.parse(await call(name, event, identity, { kind: 'call', via: 'node' }));
    },
    async fireTimer(functionName, triggerName) {
      const fn = runner.definition(functionName);
      const trigger = triggerName ? fn.triggers.find((t) => t.name === triggerName) : fn.triggers[0];
      if (!trigger) {
        throw new CloudError(ErrorCodes.INVALID_PARAM, triggerName ? `function ${functionName} has no timer trigger ${triggerName}` : `function ${functionName} has no timer trigger`);
      }
      return runTimer(fn, trigger, Date.now());
    },
    invocations: (filter) => runner.log.list(filter),
    onInvocation: (listener) => runner.log.onFinished(listener),
    waitForInvocation(predicate, timeoutMs) {
      const done = runner.log.list({ limit: 1000 }).find((r) => r.status !== 'running' && predicate(r));
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching invocation within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = runner.log.onFinished((r) => {
          if (!predicate(r)) return;
          clearTimeout(timer);
          off();
          resolve(r);
        });
      });
    },
    contextEnv: (identity) => contextEnv(identity, runner.tokens.issue({ identity }), ctx.baseUrl()),
    callingContext: (params, actionCtx) => runner.tokens.fromRequest(params, actionCtx),
    list: () => [...runner.functions.values()],
    killRunning: (functionName) => runner.killRunning(functionName),
    reload() {
      runner.reload(loadConfig());
      scheduler.stop();
      if (timersEnabled) scheduler.start(runner.functions.values());
    },
  };
  return service;
}
