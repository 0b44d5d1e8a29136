// The local cloud's services, kept by name (the firebase-tools EmulatorRegistry habit): a service is
// created from its definition, finds the services it needs by name, and answers getInfo(); the
// registry starts them in order and stops them in reverse. The list itself is in cloud.ts.
import type { Service, ServiceContext } from './server/service';
import type { DatabaseService } from './db';
import type { RealtimeService } from './realtime';
import type { StorageService } from './storage';
import type { OpenApiService } from './openapi';
import type { FunctionsService, FunctionsOptions } from './functions';
import type { ConsoleService } from './console';

/** Every service by name, with its type: `registry.get('functions')` is a FunctionsService. */
export interface ServiceMap {
  database: DatabaseService;
  realtime: RealtimeService;
  storage: StorageService;
  openapi: OpenApiService;
  functions: FunctionsService;
  console: ConsoleService;
}
export type ServiceName = keyof ServiceMap;

/** What a running service tells about itself (the console, `npm run cloud`, tests). */
export interface ServiceInfo {
  name: ServiceName;
  /** Where it answers: every service shares the one HTTP server. */
  url: string;
  /** Its endpoints on that server. */
  serves: string;
}

/** The options a service may read at creation (LocalCloudOptions' per-service parts). */
export interface ServiceOptions {
  functions?: FunctionsOptions;
}

export interface ServiceDefinition<N extends ServiceName = ServiceName> {
  name: N;
  /** Endpoints, for getInfo(). */
  serves: string;
  create(ctx: ServiceContext, registry: ServiceRegistry, options: ServiceOptions): Promise<ServiceMap[N]>;
}

/** Typed once per definition, so that `create` must return the named service's type. */
export function defineService<N extends ServiceName>(definition: ServiceDefinition<N>): ServiceDefinition<N> {
  return definition;
}

interface Entry {
  service: Service;
  definition: ServiceDefinition;
}

export class ServiceRegistry {
  private readonly entries = new Map<ServiceName, Entry>();

  constructor(private readonly ctx: ServiceContext) {}

  /** Creates a service and registers it; the services it asks for must be registered before it. */
  async create<N extends ServiceName>(definition: ServiceDefinition<N>, options: ServiceOptions = {}): Promise<ServiceMap[N]> {
    if (this.entries.has(definition.name)) throw new Error(`local cloud: service ${definition.name} is already registered`);
    const service = await definition.create(this.ctx, this, options);
    if (service.name !== definition.name) throw new Error(`local cloud: definition ${definition.name} created service ${service.name}`);
    this.entries.set(definition.name, { service, definition: definition as unknown as ServiceDefinition });
    return service;
  }

  get<N extends ServiceName>(name: N): ServiceMap[N] {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`local cloud: service ${name} is not registered (registered: ${[...this.entries.keys()].join(', ') || 'none'})`);
    return entry.service as ServiceMap[N];
  }

  has(name: ServiceName): boolean {
    return this.entries.has(name);
  }

  getInfo(name: ServiceName): ServiceInfo {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`local cloud: service ${name} is not registered`);
    return { name, url: this.ctx.baseUrl(), serves: entry.definition.serves };
  }

  /** Every registered service's info, in start order. */
  listInfo(): ServiceInfo[] {
    return [...this.entries.keys()].map((name) => this.getInfo(name));
  }

  /** Starts every service in registration order (once the HTTP server listens). */
  async startAll(): Promise<void> {
    for (const { service } of this.entries.values()) await service.start?.();
  }

  /** Stops every service in reverse order; one failing stop does not keep the others running. */
  async stopAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const { service } of [...this.entries.values()].reverse()) await service.stop?.().catch((err: unknown) => errors.push(err));
    if (errors.length) throw errors[0];
  }
}
