// The local CloudBase: one HTTP server and the services behind it, composed from one list of
// service definitions through a registry (registry.ts), started and stopped together.
import fs from 'fs';
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { loadCollectionSpecs } from '../../domain/spec';
import { DEFAULT_DATA_DIR, DEFAULT_ENV_ID, DEFAULT_PORT, PROJECT_ROOT, sdkEnv } from './config';
import { createHttpServer } from './server/http';
import { Router } from './server/router';
import type { ServiceContext } from './server/service';
import { defineService, ServiceRegistry, type ServiceInfo, type ServiceMap, type ServiceName } from './registry';
import { createDatabaseService } from './db';
import { createRealtimeService, WATCH_PATH } from './realtime';
import { createStorageService } from './storage';
import { DOWNLOAD_PREFIX, UPLOAD_PREFIX } from './storage/links';
import { createOpenApiService } from './openapi';
import { createFunctionsService, FunctionsOptions } from './functions';
import { createConsoleService } from './console';

export interface LocalCloudOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  dataDir?: string;
  projectRoot?: string;
  envId?: string;
  /** Database spec folder; defaults to <projectRoot>/database. */
  databaseDir?: string;
  /** Functions runner options (cloudbaserc.json path, function root, pool sizes, timers on/off). */
  functions?: FunctionsOptions;
  /** The database clock; tests inject one to expire transactions without waiting. */
  clock?: () => number;
}

/** The services, in start order: each finds the ones it needs, registered before it, by name. */
export const SERVICES = [
  defineService({ name: 'database', serves: 'database.* actions (POST /client, /admin)', create: (ctx) => createDatabaseService(ctx) }),
  defineService({ name: 'realtime', serves: `auth.wsWebSign, ${WATCH_PATH} (watch)`, create: (ctx, r) => createRealtimeService(ctx, r.get('database')) }),
  defineService({ name: 'storage', serves: `storage.* actions, ${UPLOAD_PREFIX}, ${DOWNLOAD_PREFIX}`, create: (ctx, r) => createStorageService(ctx, r.get('database')) }),
  defineService({ name: 'openapi', serves: 'wx.openapi (cloud.openapi), /openapi/outbox, /openapi/sec-words', create: (ctx, r) => createOpenApiService(ctx, r.get('database')) }),
  defineService({
    name: 'functions',
    serves: 'functions.invokeFunction, timers',
    async create(ctx, r, options) {
      const db = r.get('database');
      const functions = await createFunctionsService(ctx, db, options.functions);
      // Index warnings name the function whose invocation sent a server-side query.
      db.setSourceResolver((params, actionCtx) => {
        const name = functions.callingContext(params, actionCtx)?.functionName;
        return name ? `function:${name}` : undefined;
      });
      // Message push (wxa_media_check verdicts) invokes the configured cloud function.
      r.get('openapi').deliverEventsTo(functions);
      return functions;
    },
  }),
  defineService({
    name: 'console',
    serves: '/console',
    create: (ctx, r) => createConsoleService(ctx, { db: r.get('database'), functions: r.get('functions'), openapi: r.get('openapi'), storage: r.get('storage') }),
  }),
];

export interface LocalCloudAddress {
  url: string;
  port: number;
  envId: string;
  dataDir: string;
}

export class LocalCloud {
  readonly url: string;
  readonly port: number;
  readonly envId: string;
  readonly dataDir: string;

  private constructor(
    address: LocalCloudAddress,
    private readonly registry: ServiceRegistry,
    private readonly server: Server,
  ) {
    ({ url: this.url, port: this.port, envId: this.envId, dataDir: this.dataDir } = address);
  }

  static async start(options: LocalCloudOptions = {}): Promise<LocalCloud> {
    const projectRoot = options.projectRoot ?? PROJECT_ROOT;
    const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
    fs.mkdirSync(dataDir, { recursive: true });
    const router = new Router();
    let baseUrl = '';
    const ctx: ServiceContext = {
      router,
      dataDir,
      projectRoot,
      specs: loadCollectionSpecs(options.databaseDir ?? `${projectRoot}/database`),
      envId: options.envId ?? DEFAULT_ENV_ID,
      clock: options.clock,
      baseUrl: () => baseUrl,
    };
    const registry = new ServiceRegistry(ctx);
    for (const definition of SERVICES) await registry.create(definition, { functions: options.functions });

    const server = createHttpServer(router);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => resolve());
    }).catch(async (err: unknown) => {
      await registry.stopAll();
      throw err;
    });
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://127.0.0.1:${port}`;
    await registry.startAll();
    return new LocalCloud({ url: baseUrl, port, envId: ctx.envId, dataDir }, registry, server);
  }

  /** A service by name, typed (`cloud.service('functions')`); the getters below are shorthands. */
  service<N extends ServiceName>(name: N): ServiceMap[N] {
    return this.registry.get(name);
  }

  /** What each service serves, in start order. */
  services(): ServiceInfo[] {
    return this.registry.listInfo();
  }

  get db(): ServiceMap['database'] {
    return this.registry.get('database');
  }
  get realtime(): ServiceMap['realtime'] {
    return this.registry.get('realtime');
  }
  get storage(): ServiceMap['storage'] {
    return this.registry.get('storage');
  }
  get openapi(): ServiceMap['openapi'] {
    return this.registry.get('openapi');
  }
  get functions(): ServiceMap['functions'] {
    return this.registry.get('functions');
  }
  get console(): ServiceMap['console'] {
    return this.registry.get('console');
  }

  /** Environment for a process whose unmodified wx-server-sdk should talk to this cloud. */
  sdkEnv(): Record<string, string> {
    return sdkEnv(this.url, this.envId);
  }

  async stop(): Promise<void> {
    await this.registry.stopAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
