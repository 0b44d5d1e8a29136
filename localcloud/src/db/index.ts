// The database service: the engine (database.ts) behind the DatabaseService contract (types.ts),
// with the wire actions (actions.ts) registered on the router.
import { cloneValue } from './clone';
import type { ServiceContext } from '../server/service';
import { registerDatabaseActions, type GuardSlot } from './actions';
import { Database } from './database';
import { exportDatabase, importDatabase } from './exchange';
import type { DatabaseService, Doc } from './types';
import { compileQuery, testQuery } from './query';

export type { DatabaseService } from './types';
export { Database } from './database';

export async function createDatabaseService(ctx: ServiceContext): Promise<DatabaseService> {
  const db = new Database(ctx.dataDir, ctx.specs, ctx.clock);
  const slot: GuardSlot = {};
  registerDatabaseActions(ctx.router, db, slot);
  // Internal callers (rules, watch, console) get copies: stored documents are shared and immutable.
  const copy = cloneValue;
  return {
    name: 'database',
    async stop() {
      db.close();
    },
    listCollections: () => db.listCollections(),
    hasCollection: (name) => db.hasCollection(name),
    createCollection: async (name) => db.createCollection(name),
    find: async (collection, query, options) => copy(db.findRaw(collection, query, options)) as Doc[],
    count: async (collection, query, options) => db.count(collection, query, options?.transactionId),
    insert: async (collection, docs, options) => db.insert(collection, docs, options),
    update: async (collection, query, update, options) => db.update(collection, query, update, options),
    remove: async (collection, query, options) => db.remove(collection, query, { multi: true, ...options }),
    aggregate: async (collection, stages) => copy(db.aggregate(collection, stages)),
    matches: (query, doc) => testQuery(compileQuery(query), doc),
    onChange: (listener) => db.onChange(listener),
    setClientGuard: (guard) => {
      slot.guard = guard;
    },
    exportTo: async (dir) => exportDatabase(db, dir),
    importFrom: async (dir) => importDatabase(db, dir),
  };
}
