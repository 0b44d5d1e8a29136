// Placeholder until the database engine lands (issue 2).
import type { Service, ServiceContext } from '../server/service';
export type { DatabaseService } from "./types";
import type { DatabaseService } from "./types";
export async function createDatabaseService(_ctx: ServiceContext): Promise<DatabaseService> {
  return { name: 'database' };
}
