// Placeholder until the functions service lands.
import type { Service, ServiceContext } from '../server/service';
import type { DatabaseService } from '../db';
export interface FunctionsService extends Service {}
export async function createFunctionsService(_ctx: ServiceContext, _db: DatabaseService): Promise<FunctionsService> {
  return { name: 'functions' };
}
