// Placeholder until the console service lands.
import type { Service, ServiceContext } from '../server/service';
import type { DatabaseService } from '../db';
export interface ConsoleService extends Service {}
export async function createConsoleService(_ctx: ServiceContext, _db: DatabaseService): Promise<ConsoleService> {
  return { name: 'console' };
}
