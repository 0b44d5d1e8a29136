// The local CloudBase: one HTTP server, the services behind it, started and stopped together.
import fs from 'fs';
import type { AddressInfo } from 'net';
import { loadCollectionSpecs } from '../../domain/spec';
import { DEFAULT_DATA_DIR, DEFAULT_ENV_ID, DEFAULT_PORT, PROJECT_ROOT, sdkEnv } from './config';
import { createHttpServer } from './server/http';
import { Router } from './server/router';
import type { Service, ServiceContext } from './server/service';
import { createDatabaseService, DatabaseService } from './db';
import { createRealtimeService, RealtimeService } from './realtime';
import { createStorageService, StorageService } from './storage';
import { createOpenApiService, OpenApiService } from './openapi';
import { createFunctionsService, FunctionsOptions, FunctionsService } from './functions';
import { createConsoleService, ConsoleService } from './console';

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

export class LocalCloud {
  private constructor(
    readonly url: string,
    readonly port: number,
    readonly envId: string,
    readonly dataDir: string,
    readonly db: DatabaseService,
    readonly realtime: RealtimeService,
    readonly storage: StorageService,
    readonly openapi: OpenApiService,
    readonly functions: FunctionsService,
    readonly console: ConsoleService,
    private readonly services: Service[],
    private readonly server: import('http').Server,
  ) {}

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
    const db = await createDatabaseService(ctx);
    const realtime = await createRealtimeService(ctx, db);
    const storage = await createStorageService(ctx, db);
    const openapi = await createOpenApiService(ctx, db);
    const functions = await createFunctionsService(ctx, db, options.functions);
    // Message push (wxa_media_check verdicts) invokes the configured cloud function.
    openapi.deliverEventsTo(functions);
    const consoleService = await createConsoleService(ctx, { db, functions, openapi, storage });
    const services: Service[] = [db, realtime, storage, openapi, functions, consoleService];

    const server = createHttpServer(router);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://127.0.0.1:${port}`;
    for (const s of services) await s.start?.();
    return new LocalCloud(baseUrl, port, ctx.envId, dataDir, db, realtime, storage, openapi, functions, consoleService, services, server);
  }

  /** Environment for a process whose unmodified wx-server-sdk should talk to this cloud. */
  sdkEnv(): Record<string, string> {
    return sdkEnv(this.url, this.envId);
  }

  async stop(): Promise<void> {
    for (const s of [...this.services].reverse()) await s.stop?.();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
