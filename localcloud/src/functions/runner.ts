// Runs one invocation end to end: find the function, build it on first use, take a warm instance or
// start one, give it the caller's identity for this call only, enforce the timeout, record everything.
import fs from 'fs';
import path from 'path';
import { randomUUID } from 'crypto';
import { buildSync } from 'esbuild';
import { CallerIdentity, sdkEnv } from '../config';
import { CloudError, ErrorCodes } from '../errors';
import { buildFunctions } from './build';
import type { FunctionDefinition, FunctionsConfig } from './config';
import { contextEnv, ContextTokens } from './context';
import type { InstanceSpawnOptions } from './instance';
import { appendLog, InvocationLog, InvocationRecord, InvocationTrigger } from './invocations';

/** The node_modules folder holding the wx-server-sdk this local cloud was installed with. */
const SDK_NODE_MODULES = path.resolve(path.dirname(require.resolve('wx-server-sdk/package.json')), '..');
import { InstancePool, PoolOptions } from './pool';

export interface RunRequest {
  name: string;
  event: unknown;
  identity: CallerIdentity;
  trigger: InvocationTrigger;
  parentId?: string;
}

export interface RunnerOptions extends PoolOptions {
  /** Scratch folder: bundles and the compiled worker (<dataDir>/functions). */
  workDir: string;
  projectRoot: string;
  envId: string;
  baseUrl: () => string;
  /** Most time a function's module may take to load (not counted against its timeout, as SCF's init phase). */
  initTimeoutMs: number;
  /** Echo function console output to the local cloud's own stdout (handy with `npm run cloud`). */
  echoLogs: boolean;
}

/** Variables a function process may inherit from the local cloud's process; nothing else leaks in. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];

function compileWorker(workDir: string): string {
  const prebuilt = path.join(__dirname, 'worker.js');
  if (fs.existsSync(prebuilt)) return prebuilt;
  const outfile = path.join(workDir, 'runtime', 'worker.js');
  buildSync({ entryPoints: [path.join(__dirname, 'worker.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node16', logLevel: 'silent' });
  return outfile;
}

function timeString(ms: number): string {
  return new Date(ms).toISOString();
}

export class FunctionsRunner {
  readonly log: InvocationLog;
  readonly tokens = new ContextTokens();
  private readonly pool: InstancePool;
  private readonly builds = new Map<string, Promise<string>>();
  private workerJs?: string;

  constructor(
    private config: FunctionsConfig,
    private readonly options: RunnerOptions,
  ) {
    this.log = new InvocationLog(options.workDir);
    this.pool = new InstancePool(options);
  }

  get functions(): Map<string, FunctionDefinition> {
    return this.config.functions;
  }

  definition(name: string): FunctionDefinition {
    const def = this.config.functions.get(name);
    // The platform's own words for an unknown function (seen in CloudBase client errors).
    if (!def) throw new CloudError(ErrorCodes.FUNCTION_NOT_FOUND, `FunctionName parameter could not be found. (${name})`);
    return def;
  }

  /** New config (e.g. after editing cloudbaserc.json or sources): rebuild lazily, drop warm instances. */
  reload(config: FunctionsConfig): void {
    this.config = config;
    this.builds.clear();
    this.pool.dropIdle();
  }

  /** The runnable module of a function: the bundle of its index.ts (built once), or its plain index.js. */
  private modulePath(def: FunctionDefinition): Promise<string> {
    if (!def.sourceEntry) {
      if (!def.jsEntry) return Promise.reject(new CloudError(ErrorCodes.FUNCTION_NOT_FOUND, `function ${def.name} has no index.ts or index.js in ${def.dir}`));
      return Promise.resolve(def.jsEntry);
    }
    let pending = this.builds.get(def.name);
    if (!pending) {
      const outDir = path.join(this.options.workDir, 'build');
      pending = buildFunctions({ root: path.dirname(def.dir), names: [path.basename(def.dir)], outDir }).then((r) => r.outFiles[path.basename(def.dir)]);
      pending.catch(() => this.builds.delete(def.name));
      this.builds.set(def.name, pending);
    }
    return pending;
  }

  private spawnOptions(def: FunctionDefinition, modulePath: string): InstanceSpawnOptions {
    this.workerJs ??= compileWorker(this.options.workDir);
    const env: Record<string, string> = {};
    for (const k of INHERITED_ENV) if (process.env[k]) env[k] = process.env[k]!;
    Object.assign(env, def.envVariables, sdkEnv(this.options.baseUrl(), this.options.envId), {
      // SCF instances run on UTC.
      TZ: 'UTC',
      SCF_FUNCTIONNAME: def.name,
      SCF_FUNCTIONVERSION: '$LATEST',
      // The bundle lives in the data folder; wx-server-sdk resolves from the function's own
      // node_modules (installDependency) or the project's.
      // The function's own node_modules first (as deployed), then the project's, then the one this
      // local cloud runs from (a test project root elsewhere still gets the real wx-server-sdk).
      NODE_PATH: [path.join(def.dir, 'node_modules'), path.join(this.options.projectRoot, 'node_modules'), SDK_NODE_MODULES].join(path.delimiter),
    });
    return { workerJs: this.workerJs, modulePath, handlerExport: def.handlerExport, env, initTimeoutMs: this.options.initTimeoutMs };
  }

  /** Runs one invocation; function failures are in the returned record, not thrown. */
  async run(request: RunRequest): Promise<{ record: InvocationRecord; response?: string }> {
    const def = this.definition(request.name);
    const id = randomUUID();
    const { identity } = request;
    const record: InvocationRecord = {
      id,
      function: def.name,
      trigger: request.trigger,
      openid: identity.openid || undefined,
      appid: identity.appid || undefined,
      source: identity.source,
      parentId: request.parentId,
      event: request.event,
      startedAt: timeString(Date.now()),
      status: 'running',
      logs: [],
    };
    this.log.started(record);
    const started = Date.now();
    const finish = (status: InvocationRecord['status'], error?: { code: string; message: string }) => {
      record.status = status;
      record.error = error;
      record.durationMs = Date.now() - started;
      this.log.finished(record);
    };

    let lease;
    try {
      const modulePath = await this.modulePath(def);
      lease = await this.pool.acquire(def.name, () => this.spawnOptions(def, modulePath));
    } catch (err) {
      finish('error', { code: err instanceof CloudError ? err.code : ErrorCodes.FUNCTION_EXECUTE_FAIL, message: (err as Error).message });
      return { record };
    }
    record.cold = lease.cold;
    if (lease.cold) {
      record.initMs = lease.initMs;
      for (const line of lease.instance.initLogs.splice(0)) appendLog(record, line);
    }

    const isTimer = request.trigger.kind === 'timer';
    const token = this.tokens.issue({ identity, invocationId: id, functionName: def.name });
    const env = contextEnv(identity, token, this.options.baseUrl(), isTimer);
    const timeLimitMs = Math.round(def.timeoutSeconds * 1000);
    // SCF's context argument (fields as @cloudbase/node-sdk's parseContext reads them).
    const context = {
      request_id: id,
      function_name: def.name,
      function_version: '$LATEST',
      namespace: this.options.envId,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeLimitMs,
      environment: JSON.stringify(env),
    };
    const onLog = (line: { at: string; stream: 'stdout' | 'stderr'; text: string }) => {
      appendLog(record, line);
      if (this.options.echoLogs) process.stdout.write(`[fn ${def.name}] ${line.text}`);
    };
    try {
      const outcome = await lease.instance.invoke(id, env, request.event, context, timeLimitMs, onLog);
      if (outcome.ok) {
        record.result = JSON.parse(outcome.response);
        finish('ok');
        return { record, response: outcome.response };
      }
      if (outcome.kind === 'timeout') {
        // The platform's message for a timed-out invocation.
        finish('timeout', { code: ErrorCodes.FUNCTION_TIMEOUT, message: `Invoking task timed out after ${def.timeoutSeconds} seconds` });
      } else if (outcome.kind === 'error') {
        if (outcome.error.stack) appendLog(record, { at: timeString(Date.now()), stream: 'stderr', text: outcome.error.stack + '\n' });
        finish('error', { code: ErrorCodes.FUNCTION_EXECUTE_FAIL, message: `${outcome.error.name}: ${outcome.error.message}` });
      } else {
        finish('error', { code: ErrorCodes.FUNCTION_EXECUTE_FAIL, message: outcome.message });
      }
      return { record };
    } finally {
      this.tokens.revoke(token);
      this.pool.release(lease.instance);
    }
  }

  /** Kills the busy instances of a function (InstancePool.killRunning). */
  killRunning(functionName: string): number {
    return this.pool.killRunning(functionName);
  }

  get processCount(): number {
    return this.pool.size;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
