// Placeholder until the openapi service lands.
import type { Service, ServiceContext } from '../server/service';
import type { DatabaseService } from '../db';
export interface OpenApiService extends Service {}
export async function createOpenApiService(_ctx: ServiceContext, _db: DatabaseService): Promise<OpenApiService> {
  return { name: 'openapi' };
}
