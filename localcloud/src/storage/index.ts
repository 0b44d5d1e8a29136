// Placeholder until the storage service lands.
import type { Service, ServiceContext } from '../server/service';
import type { DatabaseService } from '../db';
export interface StorageService extends Service {}
export async function createStorageService(_ctx: ServiceContext, _db: DatabaseService): Promise<StorageService> {
  return { name: 'storage' };
}
