// wx.cloud.database() for the shim: the real @cloudbase/database 1.4.3 query builder (where,
// command, serverDate, RegExp, Geo, orderBy/limit/skip/field, aggregate) driving POST /client
// through a custom Db.reqClass, wrapped in the mini program's result shapes and calling styles.
// Result shapes follow wx-server-sdk 4.0.2's wrappers (index.js src/api/database/api/database/*),
// which mirror the mini program's: get -> {data, errMsg:'collection.get:ok'}, add -> {_id},
// update -> {stats:{updated}}, remove -> {stats:{removed}}, count -> {total}, doc.set ->
// {_id, stats:{updated, created}}, doc.get of a missing doc fails `document with _id x does not exist`.
import { Db } from '@cloudbase/database/dist/commonjs/index';
import { check, run, type ApiResult, type Callbacks } from './api';
import type { Transport } from './transport';
import { socketUrlFor, type WatchClient, type WatchOptions, type Watcher } from './watch';
import type { WatchOrder } from '../realtime/order';

/** Extra field our Db config carries so that the static Db.reqClass can find this client's transport. */
interface ShimDbConfig {
  env: string;
  shimTransport: Transport;
  shimKey: string;
}

/** Db.reqClass: `new Db.reqClass(db.config)` in every query; sends through the config's transport. */
export class ShimRequest {
  private readonly transport: Transport;
  private readonly key: string;
  constructor(config: ShimDbConfig) {
    this.transport = config.shimTransport;
    this.key = config.shimKey;
  }
  async send(action: string, data: Record<string, unknown>): Promise<unknown> {
    const res = await this.transport.post(action, data);
    if (action === 'auth.wsWebSign' && res.data && typeof res.data === 'object') {
      const sign = res.data as { wsUrl?: string };
      if (sign.wsUrl) sign.wsUrl = socketUrlFor(sign.wsUrl, this.transport.baseUrl, this.key);
    }
    return res;
  }
}
Db.reqClass = ShimRequest;

// The SDK's classes, seen through the members we use (its typings are loose `any`s).
interface SdkQuery {
  _coll: string;
  _fieldFilters: string;
  _apiOptions: { limit?: number; order?: Record<string, 1 | -1> };
  where(c: object): SdkQuery;
  orderBy(f: string, d: string): SdkQuery;
  limit(n: number): SdkQuery;
  skip(n: number): SdkQuery;
  field(p: object): SdkQuery;
  get(): Promise<{ data: unknown[] }>;
  count(): Promise<{ total: number }>;
  update(data: object): Promise<{ updated: number }>;
  remove(): Promise<{ deleted: number }>;
}
interface SdkCollection extends SdkQuery {
  doc(id: string | number): SdkDocument;
  add(data: object): Promise<{ id: string }>;
  aggregate(): SdkAggregate;
}
interface SdkDocument {
  id: string | number;
  get(): Promise<{ data: unknown[] }>;
  set(data: object): Promise<{ updated: number; upsertedId?: string }>;
  update(data: object): Promise<{ updated: number }>;
  remove(): Promise<{ deleted: number }>;
  field(p: object): SdkDocument;
}
type SdkAggregate = Record<string, (...args: unknown[]) => unknown> & { end(): Promise<{ data: unknown[] }> };

type DataOptions<T> = Callbacks<T> & { data: Record<string, unknown> };
type Opt<T> = Callbacks<T> | undefined;
type GetResult = { data: unknown[]; errMsg: string };
type DocGetResult = { data: unknown; errMsg: string };
type CountResult = { total: number; errMsg: string };
type UpdateResult = { stats: { updated: number }; errMsg: string };
type RemoveResult = { stats: { removed: number }; errMsg: string };
type AddResult = { _id: string; errMsg: string };
type SetResult = { _id: string | number; stats: { updated: number; created: number }; errMsg: string };
type AggregateResult = { list: unknown[]; errMsg: string };

class WxQuery {
  constructor(
    protected readonly q: SdkQuery,
    protected readonly watches: WatchClient,
  ) {}
  where(condition: object): WxQuery {
    return new WxQuery(this.q.where(condition), this.watches);
  }
  orderBy(field: string, order: 'asc' | 'desc'): WxQuery {
    return new WxQuery(this.q.orderBy(field, order), this.watches);
  }
  limit(n: number): WxQuery {
    return new WxQuery(this.q.limit(n), this.watches);
  }
  skip(n: number): WxQuery {
    return new WxQuery(this.q.skip(n), this.watches);
  }
  field(projection: object): WxQuery {
    return new WxQuery(this.q.field(projection), this.watches);
  }
  get<O extends Opt<GetResult>>(options?: O): ApiResult<GetResult, O> {
    const api = 'collection.get';
    return run(api, options as O, async () => ({ data: check(api, await this.q.get()).data, errMsg: `${api}:ok` }));
  }
  count<O extends Opt<CountResult>>(options?: O): ApiResult<CountResult, O> {
    const api = 'collection.count';
    return run(api, options as O, async () => ({ total: check(api, await this.q.count()).total, errMsg: `${api}:ok` }));
  }
  update<O extends DataOptions<UpdateResult>>(options: O): ApiResult<UpdateResult, O> {
    const api = 'collection.update';
    return run(api, options as O, async () => ({ stats: { updated: check(api, await this.q.update(options?.data)).updated ?? 0 }, errMsg: `${api}:ok` }));
  }
  remove<O extends Opt<RemoveResult>>(options?: O): ApiResult<RemoveResult, O> {
    const api = 'collection.remove';
    return run(api, options as O, async () => ({ stats: { removed: check(api, await this.q.remove()).deleted ?? 0 }, errMsg: `${api}:ok` }));
  }
  watch(options: WatchOptions): Watcher {
    const order = this.q._apiOptions.order;
    const orderBy: WatchOrder | undefined = order ? Object.fromEntries(Object.entries(order).map(([f, d]) => [f, d === -1 ? 'desc' : 'asc'])) : undefined;
    return this.watches.watch({ collectionName: this.q._coll, query: JSON.stringify(this.q._fieldFilters), limit: this.q._apiOptions.limit, orderBy }, options);
  }
}

class WxCollection extends WxQuery {
  constructor(
    private readonly c: SdkCollection,
    watches: WatchClient,
  ) {
    super(c, watches);
  }
  get collectionName(): string {
    return this.c._coll;
  }
  doc(id: string | number): WxDocument {
    return new WxDocument(this.c.doc(id), this.c._coll, this.watches);
  }
  add<O extends DataOptions<AddResult>>(options: O): ApiResult<AddResult, O> {
    const api = 'collection.add';
    return run(api, options as O, async () => ({ _id: check(api, await this.c.add(options?.data)).id, errMsg: `${api}:ok` }));
  }
  aggregate(): WxAggregate {
    return wrapAggregate(this.c.aggregate());
  }
}

class WxDocument {
  constructor(
    private readonly d: SdkDocument,
    private readonly collectionName: string,
    private readonly watches: WatchClient,
  ) {}
  field(projection: object): WxDocument {
    return new WxDocument(this.d.field(projection), this.collectionName, this.watches);
  }
  get<O extends Opt<DocGetResult>>(options?: O): ApiResult<DocGetResult, O> {
    const api = 'document.get';
    return run(api, options as O, async () => {
      const list = check(api, await this.d.get()).data;
      if (!list?.length) throw `document with _id ${String(this.d.id)} does not exist`;
      return { data: list[0], errMsg: `${api}:ok` };
    });
  }
  set<O extends DataOptions<SetResult>>(options: O): ApiResult<SetResult, O> {
    const api = 'document.set';
    return run(api, options as O, async () => {
      const r = check(api, await this.d.set(options?.data));
      return { _id: this.d.id, stats: { updated: r.updated, created: r.upsertedId ? 1 : 0 }, errMsg: `${api}:ok` };
    });
  }
  update<O extends DataOptions<UpdateResult>>(options: O): ApiResult<UpdateResult, O> {
    const api = 'document.update';
    return run(api, options as O, async () => ({ stats: { updated: check(api, await this.d.update(options?.data)).updated }, errMsg: `${api}:ok` }));
  }
  remove<O extends Opt<RemoveResult>>(options?: O): ApiResult<RemoveResult, O> {
    const api = 'document.remove';
    return run(api, options as O, async () => ({ stats: { removed: check(api, await this.d.remove()).deleted ?? 0 }, errMsg: `${api}:ok` }));
  }
  watch(options: WatchOptions): Watcher {
    return this.watches.watch({ collectionName: this.collectionName, query: JSON.stringify({ _id: this.d.id }) }, options);
  }
}

export type WxAggregate = Record<string, (...args: unknown[]) => WxAggregate> & {
  end<O extends Opt<AggregateResult>>(options?: O): ApiResult<AggregateResult, O>;
};

/** Stage methods chain on the SDK's Aggregate; end() answers `{list, errMsg}`. */
function wrapAggregate(agg: SdkAggregate): WxAggregate {
  return new Proxy({} as WxAggregate, {
    get(_t, prop: string) {
      if (prop === 'end') {
        return (options?: Opt<AggregateResult>) => {
          const api = 'collection.aggregate';
          return run(api, options, async () => ({ list: check(api, await agg.end()).data, errMsg: `${api}:ok` }));
        };
      }
      const stage = agg[prop];
      if (typeof stage !== 'function') return stage;
      return (...args: unknown[]) => {
        stage.apply(agg, args);
        return wrapAggregate(agg);
      };
    },
  });
}

export interface WxDatabase {
  command: Db['command'];
  Geo: Db['Geo'];
  serverDate: Db['serverDate'];
  RegExp: Db['RegExp'];
  collection(name: string): WxCollection;
}

/** The request object a wx.cloud's WatchClient fetches its login ticket with. */
export function shimRequest(transport: Transport, key: string, env: string): ShimRequest {
  return new ShimRequest({ env, shimTransport: transport, shimKey: key });
}

export function createDatabase(transport: Transport, key: string, env: string, watches: WatchClient): WxDatabase {
  const config: ShimDbConfig = { env, shimTransport: transport, shimKey: key };
  const db = new Db(config);
  return {
    command: db.command,
    Geo: db.Geo,
    serverDate: db.serverDate,
    RegExp: db.RegExp,
    collection: (name: string) => new WxCollection(db.collection(name) as unknown as SdkCollection, watches),
  };
}

export type { WxCollection, WxDocument, WxQuery };
