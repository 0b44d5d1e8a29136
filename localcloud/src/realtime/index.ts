// Placeholder until the realtime service lands.
import type { Service, ServiceContext } from '../server/service';
import type { DatabaseService } from '../db';
export interface RealtimeService extends Service {}
export async function createRealtimeService(_ctx: ServiceContext, _db: DatabaseService): Promise<RealtimeService> {
  return { name: 'realtime' };
}
