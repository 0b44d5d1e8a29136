// The database wire protocol: the `database.*` actions of POST /admin (wx-server-sdk via
// @cloudbase/node-sdk) and POST /client (the wx.cloud shim). Request fields and response shapes are
// those @cloudbase/database 1.4.3 sends and reads (dist/commonjs/query.js, document.js,
// collection.js, aggregate.js, transaction/index.js):
//   getDocument        {collectionName, queryType WHERE|DOC, query, order, offset, limit, projection, transactionId} -> {list: [EJSON]}
//   calculateDocument  {collectionName, query}                                       -> {total}
//   insertDocument     {collectionName, data: [EJSON], transactionId}                 -> {insertedIds}
//   modifyDocument     {collectionName, query, data, multi, merge, upsert, transactionId} -> {updated, upsert_id}
//   modifyAndReturnDoc {collectionName, query, data, transactionId}                  -> {updated, doc: EJSON | null}
//   removeDocument     {collectionName, query, multi, transactionId}                  -> {deleted}
//   aggregateDocuments {collectionName, stages: [{stageKey, stageValue}]}             -> {list: [EJSON]}
//   addCollection      {collectionName}                                               -> {}
//   startTransaction   {}  -> top-level {transactionId} (transaction/index.js reads `res.transactionId`)
//   commitTransaction / abortTransaction {transactionId} -> {}
// An empty `list` for doc(id).get() is how a missing document is reported: wx-server-sdk then
// throws "document with _id X does not exist" (index.js DocumentReference.get), or returns
// data null inside a transaction.
import { CLIENT_MAX_LIMIT, SERVER_DEFAULT_LIMIT, SERVER_MAX_LIMIT } from '../config';
import { CloudError, ErrorCodes } from '../errors';
import { TopLevelResponse, type ActionContext, type ActionHandler, type Router } from '../server/router';
import type { Database } from './database';
import { decodeField, encodeEJSON } from './ejson';
import type { ClientGuard, GuardRequest, Query, SortSpec } from './types';
import { substituteOpenid } from '../rules/subset';

type AnyObject = Record<string, unknown>;

/** Aggregations return 20 results unless the pipeline limits them (CloudBase, both SDK sides). */
export const AGGREGATE_DEFAULT_LIMIT = 20;

const PIPELINE_STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$geoNear',
  '$group',
  '$limit',
  '$lookup',
  '$match',
  '$project',
  '$replaceRoot',
  '$sample',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unwind',
  '$set',
  '$unset',
  '$replaceWith',
  '$facet',
]);

function invalid(message: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_PARAM, message);
}

function str(params: AnyObject, key: string, required = true): string | undefined {
  const v = params[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(`${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalid(`${key} must be a string`);
  return v;
}

function bool(params: AnyObject, key: string, fallback: boolean): boolean {
  const v = params[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw invalid(`${key} must be a boolean`);
  return v;
}

function nonNegativeInt(params: AnyObject, key: string): number | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalid(`${key} must be a non-negative integer`);
  return v;
}

function objectField(params: AnyObject, key: string, now: () => number): AnyObject | undefined {
  const v = decodeField(params[key], now);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`${key} must be an object`);
  return v as AnyObject;
}

/** `order` is {field: 1|-1} (query.js orderBy); older SDKs sent [{field, direction}]. */
function parseOrder(value: unknown): SortSpec | undefined {
  if (value === undefined || value === null) return undefined;
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((o: { field?: unknown; direction?: unknown }) => [String(o?.field), o?.direction === 'desc' ? -1 : o?.direction === 'asc' ? 1 : o?.direction])
    : typeof value === 'object'
      ? Object.entries(value as AnyObject)
      : [['', undefined]];
  const sort: SortSpec = {};
  for (const [field, dir] of entries) {
    if (!field || (dir !== 1 && dir !== -1)) throw invalid(`order must map field names to 1 or -1`);
    sort[field] = dir;
  }
  return sort;
}

export interface GuardSlot {
  guard?: ClientGuard;
}

/**
 * Database operations served over the wire, keyed `<action>:<caller kind>` (e.g.
 * `database.getDocument:admin`), failed ones included. Process-wide; benchmarks read and clear it
 * (scripts/bench-messaging.ts: reads and writes per delivered message).
 */
export const wireOpCounts = new Map<string, number>();

function counting(router: Router): Router {
  const counted = Object.create(router) as Router;
  counted.action = (name: string, handler: ActionHandler) =>
    router.action(name, (params, ctx) => {
      const key = `${name}:${ctx.caller.kind}`;
      wireOpCounts.set(key, (wireOpCounts.get(key) ?? 0) + 1);
      return handler(params, ctx);
    });
  return counted;
}

export function registerDatabaseActions(router: Router, db: Database, slot: GuardSlot): void {
  router = counting(router);
  const now = db.now;

  /** Client requests pass the rules first; admin (server SDK) requests bypass them. */
  async function check(ctx: ActionContext, request: Omit<GuardRequest, 'openid' | 'appid'>): Promise<void> {
    if (ctx.caller.kind !== 'client') return;
    if (!slot.guard) throw new CloudError(ErrorCodes.PERMISSION_DENIED, 'no security rules are loaded: client database access is denied');
    await slot.guard.check({ ...request, openid: ctx.caller.identity.openid, appid: ctx.caller.identity.appid });
  }

  function adminOnly(ctx: ActionContext, what: string): void {
    if (ctx.caller.kind === 'client') throw new CloudError(ErrorCodes.PERMISSION_DENIED, `${what} is only available to cloud functions`);
  }

  /** The where-condition; in a client's query the string '{openid}' stands for the caller. */
  function whereOf(params: AnyObject, ctx: ActionContext): Query {
    const query = objectField(params, 'query', now) ?? {};
    return ctx.caller.kind === 'client' ? substituteOpenid(query, ctx.caller.identity.openid) : query;
  }

  /** Common head of every collection action: the collection must exist before rules are evaluated. */
  function target(params: AnyObject): { collection: string; transactionId?: string } {
    const collection = str(params, 'collectionName')!;
    db.collection(collection);
    return { collection, transactionId: str(params, 'transactionId', false) };
  }

  router.action('database.getDocument', async (params, ctx) => {
    const { collection, transactionId } = target(params);
    const query = whereOf(params, ctx);
    const client = ctx.caller.kind === 'client';
    const requested = nonNegativeInt(params, 'limit');
    const max = client ? CLIENT_MAX_LIMIT : SERVER_MAX_LIMIT;
    const limit = Math.min(requested || (client ? CLIENT_MAX_LIMIT : SERVER_DEFAULT_LIMIT), max);
    const options = {
      transactionId,
      sort: parseOrder(decodeField(params.order, now)),
      skip: nonNegativeInt(params, 'offset'),
      limit: params.multi === false ? 1 : limit,
      projection: objectField(params, 'projection', now),
    };
    await check(ctx, { collection, operation: 'read', query });
    const list = db.findRaw(collection, query, options).map(encodeEJSON);
    return { list };
  });

  router.action('database.calculateDocument', async (params, ctx) => {
    const { collection, transactionId } = target(params);
    const query = whereOf(params, ctx);
    await check(ctx, { collection, operation: 'read', query });
    return { total: db.count(collection, query, transactionId) };
  });

  router.action('database.insertDocument', async (params, ctx) => {
    const { collection, transactionId } = target(params);
    const raw = Array.isArray(params.data) ? params.data : [params.data];
    if (!raw.length) throw invalid('data must not be empty');
    const docs = raw.map((item) => {
      const doc = decodeField(item, now);
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalid('each document must be an object');
      return doc as AnyObject;
    });
    if (ctx.caller.kind === 'client') {
      // CloudBase stamps the creator on client creates, whatever the client sent.
      for (const doc of docs) doc._openid = ctx.caller.identity.openid;
      for (const doc of docs) await check(ctx, { collection, operation: 'create', query: doc._id !== undefined ? { _id: doc._id } : {}, data: doc });
    }
    return { insertedIds: db.insert(collection, docs, { transactionId }) };
  });

  router.action('database.modifyDocument', async (params, ctx) => {
    const { collection, transactionId } = target(params);
    const query = whereOf(params, ctx);
    const data = objectField(params, 'data', now);
    if (!data) throw invalid('data is required');
    const replace = !bool(params, 'merge', true);
    const upsert = bool(params, 'upsert', false);
    const multi = bool(params, 'multi', false);
    let creatorOpenid: string | undefined;
    if (ctx.caller.kind === 'client') {
      creatorOpenid = ctx.caller.identity.openid;
      const id = typeof query._id === 'string' || typeof query._id === 'number' ? query._id : undefined;
      const creates = upsert && (id === undefined ? db.count(collection, query, transactionId) === 0 : !db.get(collection, id, transactionId));
      if (creates && replace) await check(ctx, { collection, operation: 'create', query, data: { ...data, ...(id !== undefined ? { _id: id } : {}), _openid: creatorOpenid } });
      else await check(ctx, { collection, operation: creates ? 'create' : 'update', query, data });
    }
    const result = db.update(collection, query, data, { transactionId, replace, upsert, multi, creatorOpenid });
    return { updated: result.updated, upsert_id: result.upsertedId ?? null };
  });

  // updateAndReturn (@cloudbase/database query.js): {collectionName, queryType, query, data, transactionId},
  // read back as `{updated, doc: EJSON string}`. One document, update operators only (merge), no upsert.
  router.action('database.modifyAndReturnDoc', async (params, ctx) => {
    const { collection, transactionId } = target(params);
    const query = whereOf(params, ctx);
    const data = objectField(params, 'data', now);
    if (!data) throw invalid('data is required');
    await check(ctx, { collection, operation: 'update', query, data });
    const { updated, doc } = db.updateAndReturn(collection, query, data, { transactionId });
    return { updated, doc: doc ? encodeEJSON(doc) : null };
  });

  router.action('database.removeDocument', async (params, ctx) => {
    const { collection, transactionId } = target(params);
    const query = whereOf(params, ctx);
    const multi = bool(params, 'multi', false);
    await check(ctx, { collection, operation: 'delete', query });
    return { deleted: db.remove(collection, query, { transactionId, multi }) };
  });

  router.action('database.aggregateDocuments', async (params, ctx) => {
    const { collection } = target(params);
    if (!Array.isArray(params.stages)) throw invalid('stages must be an array');
    const stages = params.stages.map((s: { stageKey?: unknown; stageValue?: unknown } | null) => {
      const key = s?.stageKey;
      if (typeof key !== 'string' || !PIPELINE_STAGES.has(key)) throw new CloudError(ErrorCodes.INVALID_OPERATOR, `unknown aggregation stage ${String(key)}`);
      return { [key]: decodeField(s!.stageValue, now) } as AnyObject;
    });
    if (!stages.some((s) => '$limit' in s)) stages.push({ $limit: AGGREGATE_DEFAULT_LIMIT });
    if (ctx.caller.kind === 'client') {
      if (stages[0] && '$match' in stages[0]) stages[0].$match = substituteOpenid(stages[0].$match, ctx.caller.identity.openid);
      const match = stages[0] && '$match' in stages[0] ? (stages[0].$match as Query) : {};
      await check(ctx, { collection, operation: 'read', query: match });
      for (const s of stages) {
        const from = (s.$lookup as AnyObject | undefined)?.from;
        if (typeof from === 'string') await check(ctx, { collection: from, operation: 'read', query: {} });
      }
    }
    return { list: db.aggregate(collection, stages).map(encodeEJSON) };
  });

  router.action('database.addCollection', async (params, ctx) => {
    adminOnly(ctx, 'createCollection');
    db.createCollection(str(params, 'collectionName')!);
    return {};
  });

  router.action('database.startTransaction', async (_params, ctx) => {
    adminOnly(ctx, 'transactions');
    return new TopLevelResponse({ transactionId: db.startTransaction() });
  });

  router.action('database.commitTransaction', async (params, ctx) => {
    adminOnly(ctx, 'transactions');
    db.commitTransaction(str(params, 'transactionId')!);
    return {};
  });

  router.action('database.abortTransaction', async (params, ctx) => {
    adminOnly(ctx, 'transactions');
    db.abortTransaction(str(params, 'transactionId')!);
    return {};
  });
}
