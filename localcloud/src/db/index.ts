// The database service: the engine (database.ts) behind the DatabaseService contract (types.ts),
// with the wire actions (actions.ts) registered on the router.
import { cloneValue } from './clone';
import type { ServiceContext } from '../server/service';
import { registerDatabaseActions, type GuardSlot } from './actions';
import { IndexAdvisor, observedRequest } from './advisor';
import { decodeField } from './ejson';
import type { ActionContext, ActionHandler, Router } from '../server/router';
import { Database } from './database';
import { exportDatabase, importDatabase } from './exchange';
import type { DatabaseService, Doc } from './types';
import { compileQuery, testQuery } from './query';

export type { DatabaseService } from './types';
export type { MissingIndex } from './advisor';

/** Names the sender of a server-side request (the function whose invocation made it), if known. */
export type SourceResolver = (params: Record<string, unknown>, ctx: ActionContext) => string | undefined;

/**
 * The router the database actions register on, with every successful query, count, update, remove
 * and leading `$match` shown to the index advisor, tagged with its sender.
 */
function advised(router: Router, advisor: IndexAdvisor, resolve: () => SourceResolver | undefined, now: () => number): Router {
  const wrapped = Object.create(router) as Router;
  wrapped.action = (name: string, handler: ActionHandler) =>
    router.action(name, async (params, ctx) => {
      const result = await handler(params, ctx);
      try {
        const request = observedRequest(name, params, (v) => decodeField(v, now));
        if (request) {
          const source = ctx.caller.kind === 'client' ? (ctx.caller.identity.page ? `client:${ctx.caller.identity.page}` : 'client') : (resolve()?.(params, ctx) ?? 'admin');
          advisor.observe(request.collection, request.operation, request.query, request.sort, source);
        }
      } catch (err) {
        console.error('[local cloud] index advisor failed', err);
      }
      return result;
    });
  return wrapped;
}
export { Database } from './database';

export async function createDatabaseService(ctx: ServiceContext): Promise<DatabaseService> {
  const db = new Database(ctx.dataDir, ctx.specs, ctx.clock);
  const slot: GuardSlot = {};
  const advisor = new IndexAdvisor(ctx.specs);
  let sourceResolver: SourceResolver | undefined;
  registerDatabaseActions(
    advised(ctx.router, advisor, () => sourceResolver, db.now),
    db,
    slot,
  );
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
    missingIndexes: () => advisor.list(),
    clearMissingIndexes: () => advisor.clear(),
    adviseIndexes: (collection, operation, query, sort, source) => {
      advisor.observe(collection, operation, query, sort, source);
    },
    setSourceResolver: (resolver) => {
      sourceResolver = resolver;
    },
    exportTo: async (dir) => exportDatabase(db, dir),
    importFrom: async (dir) => importDatabase(db, dir),
  };
}
