// The index advisor (src/db/advisor.ts): which queries a declared index serves in production, one
// report per query shape with its sender (a function by name, a client page, the admin SDK), and
// the console's list of them.
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import type { CollectionSpec } from '../../domain/spec';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud } from '../src/client';
import { IndexAdvisor, IndexCatalog, queryShape, suggestIndexes } from '../src/db/advisor';
import { startTestCloud } from './support/cloud';

const things: CollectionSpec = {
  collectionName: 'things',
  description: 'test collection',
  schema: { type: 'object' },
  rules: { read: true, write: true },
  indexes: [
    {
      name: 'byKindAt',
      keys: [
        { name: 'kind', direction: '1' },
        { name: 'at', direction: '-1' },
      ],
    },
    { name: 'byScore', keys: [{ name: 'score', direction: '-1' }] },
    { name: 'where', keys: [{ name: 'place', direction: '2dsphere' }] },
  ],
};

describe('what counts as servable', () => {
  const catalog = new IndexCatalog([things]);
  const servable = (query: Record<string, unknown>, sort?: Record<string, 1 | -1>) => catalog.servable('things', query, sort);

  it('serves equality, $in and ranges on the leading field of an index, and _id', () => {
    expect(servable({ kind: 'a' })).toBe(true);
    expect(servable({ kind: { $in: ['a', 'b'] }, colour: 'red' })).toBe(true);
    expect(servable({ score: { $gt: 3 } })).toBe(true);
    expect(servable({ $and: [{ colour: 'red' }, { kind: 'a' }] })).toBe(true);
    expect(servable({ _id: 'x1' })).toBe(true);
    expect(servable({ kind: /^a/i })).toBe(true); // matched against the index keys, not the documents
    expect(servable({ colour: /red/ })).toBe(false);
    expect(servable({ _id: { $in: ['x1', 'x2'] }, colour: 'red' })).toBe(true);
    expect(servable({ _id: { $gt: 'x1' } }, { _id: 1 })).toBe(true); // a keyset walk on the default _id index
    expect(servable({ place: { $nearSphere: { $geometry: { type: 'Point', coordinates: [1, 2] } } } })).toBe(true);
  });

  it('does not serve the second key of a compound index alone, unindexed fields or negations', () => {
    expect(servable({ at: { $gt: 5 } })).toBe(false);
    expect(servable({ colour: 'red' })).toBe(false);
    expect(servable({ kind: { $ne: 'a' } })).toBe(false);
    expect(servable({ kind: { $exists: true } })).toBe(false);
    expect(servable({ _id: { $ne: 'x' } })).toBe(false);
  });

  it('serves $or only when every branch is servable', () => {
    expect(servable({ $or: [{ kind: 'a' }, { score: { $lt: 1 } }] })).toBe(true);
    expect(servable({ $or: [{ kind: 'a' }, { colour: 'red' }] })).toBe(false);
    expect(servable({ colour: 'red', $or: [{ kind: 'a' }, { score: 1 }] })).toBe(true);
  });

  it('serves a bare sort when its first field leads an index; a bare read is no index question', () => {
    expect(servable({}, { score: -1 })).toBe(true);
    expect(servable({}, { _id: 1 })).toBe(true);
    expect(servable({}, { at: -1 })).toBe(false);
    expect(servable({})).toBeUndefined();
  });

  it('knows nothing of undeclared collections: any filter there is a scan', () => {
    expect(catalog.servable('elsewhere', { kind: 'a' })).toBe(false);
    expect(catalog.servable('elsewhere', { _id: 'a' })).toBe(true);
  });
});

describe('shapes and suggestions', () => {
  it('strips values and orders fields, so equal queries with other values share a shape', () => {
    expect(queryShape({ colour: 'red', size: { $gt: 3, $lte: 9 } }, { at: -1 })).toBe('{"colour":"$eq","size":"$gt+$lte"} sort {"at":-1}');
    expect(queryShape({ size: { $lte: 1, $gt: 0 }, colour: 'blue' }, { at: -1 })).toBe(queryShape({ colour: 'red', size: { $gt: 3, $lte: 9 } }, { at: -1 }));
    expect(queryShape({ $or: [{ a: 1 }, { b: /x/ }] })).toBe('{"$or":[{"a":"$eq"},{"b":"$regex"}]}');
  });

  it('suggests equality fields, then sort fields, then ranges', () => {
    expect(suggestIndexes('things', { size: { $gt: 3 }, colour: 'red' }, { at: -1 })).toEqual([
      {
        name: 'things_colour_at_size',
        keys: [
          { name: 'colour', direction: '1' },
          { name: 'at', direction: '-1' },
          { name: 'size', direction: '1' },
        ],
      },
    ]);
    expect(suggestIndexes('things', { $or: [{ a: 1 }, { b: 2 }] }).map((s) => s.name)).toEqual(['things_a', 'things_b']);
  });
});

describe('the registry', () => {
  it('reports an unindexed query once per shape, counting every sender; an indexed one never', () => {
    const warnings: string[] = [];
    const advisor = new IndexAdvisor([things], { warn: (m) => warnings.push(m) });
    expect(advisor.observe('things', 'query', { colour: 'red' }, undefined, 'function:finder')).toBe(true);
    expect(advisor.observe('things', 'query', { colour: 'blue' }, undefined, 'function:finder')).toBe(true);
    expect(advisor.observe('things', 'query', { colour: 'green' }, undefined, 'client:pages/home/home')).toBe(true);
    expect(advisor.observe('things', 'count', { colour: 'red' }, undefined, 'admin')).toBe(true);
    expect(advisor.observe('things', 'query', { kind: 'a' }, { at: -1 }, 'function:finder')).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('function:finder');
    expect(advisor.list()).toEqual([
      expect.objectContaining({
        collection: 'things',
        operation: 'query',
        shape: '{"colour":"$eq"}',
        count: 3,
        sources: [
          { source: 'function:finder', count: 2 },
          { source: 'client:pages/home/home', count: 1 },
        ],
        suggested: [{ name: 'things_colour', keys: [{ name: 'colour', direction: '1' }] }],
      }),
      expect.objectContaining({ operation: 'count', shape: '{"colour":"$eq"}', count: 1, sources: [{ source: 'admin', count: 1 }] }),
    ]);
    advisor.clear();
    expect(advisor.list()).toEqual([]);
  });
});

describe('on the wire, with its sender', () => {
  let cloud: LocalCloud;
  let root: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-advisor-'));
    fs.mkdirSync(path.join(root, 'database'));
    fs.writeFileSync(path.join(root, 'database', 'things.json'), JSON.stringify(things));
    fs.mkdirSync(path.join(root, 'functions', 'finder'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'functions', 'cloudbaserc.json'),
      JSON.stringify({ version: '2.0', envId: 'local-env', functionRoot: '.', functions: [{ name: 'finder', timeout: 10, runtime: 'Nodejs16.13', handler: 'index.main' }] }),
    );
    // A plain-JS function: queries by an unindexed field, an indexed one, a where-update and a remove.
    fs.writeFileSync(
      path.join(root, 'functions', 'finder', 'index.js'),
      `const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
exports.main = async (event) => {
  const things = db.collection('things');
  const byColour = await things.where({ colour: event.colour }).get();
  await things.where({ kind: 'a' }).orderBy('at', 'desc').get();
  await things.where({ colour: event.colour }).update({ data: { seen: true } });
  await things.where({ size: db.command.gt(100) }).remove();
  await things.doc('t1').update({ data: { seen: true } });
  return { found: byColour.data.length };
};
`,
    );
    cloud = await startTestCloud({ databaseDir: path.join(root, 'database'), functions: { configPath: path.join(root, 'functions', 'cloudbaserc.json'), timers: false } });
    await cloud.db.insert('things', [
      { _id: 't1', kind: 'a', colour: 'red', at: 1, score: 5, size: 1 },
      { _id: 't2', kind: 'b', colour: 'blue', at: 2, score: 7, size: 50 },
    ]);
  });
  afterAll(async () => {
    await cloud?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const missing = async () => {
    const res = await fetch(`${cloud.url}/console/api/missing-indexes`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { missing: Array<Record<string, unknown>> }).missing;
  };

  it('names the function whose invocation sent an unindexed query, once per shape', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(await cloud.functions.invoke('finder', { colour: 'red' })).toEqual({ found: 1 });
      expect(await cloud.functions.invoke('finder', { colour: 'blue' })).toEqual({ found: 1 });
      expect(warn.mock.calls.filter(([m]) => String(m).includes('no index')).length).toBe(3);
    } finally {
      warn.mockRestore();
    }
    const list = await missing();
    expect(list).toEqual([
      expect.objectContaining({ collection: 'things', operation: 'query', shape: '{"colour":"$eq"}', count: 2, sources: [{ source: 'function:finder', count: 2 }] }),
      expect.objectContaining({ collection: 'things', operation: 'update', shape: '{"colour":"$eq"}', count: 2 }),
      expect.objectContaining({ collection: 'things', operation: 'remove', shape: '{"size":"$gt"}', count: 2, suggested: [{ name: 'things_size', keys: [{ name: 'size', direction: '1' }] }] }),
    ]);
    expect(typeof list[0].firstSeen).toBe('string');
  });

  it('names the admin SDK outside any function, and the client page when the shim knows it', async () => {
    // A Node process's own admin request, in no function's invocation (wx-server-sdk would send the
    // same; it is not loaded here because it shares @cloudbase/database's global request class with the shim).
    const admin = await fetch(`${cloud.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.calculateDocument', collectionName: 'things', query: JSON.stringify({ colour: 'red' }) }),
    });
    expect(await admin.json()).toMatchObject({ data: { total: 1 } });
    const phone = createWxCloud({ baseUrl: cloud.url, openid: 'o-ann', WebSocket: WebSocket as never });
    phone.init({ env: cloud.envId });
    const globals = globalThis as { getCurrentPages?: () => Array<{ route: string }> };
    globals.getCurrentPages = () => [{ route: 'pages/home/home' }, { route: 'pages/things/list' }];
    try {
      await phone.database().collection('things').where({ score: 5 }).get(); // indexed: not reported
      await phone.database().collection('things').where({ colour: 'red' }).get();
      await phone.database().collection('things').orderBy('at', 'desc').get(); // second key of byKindAt
    } finally {
      delete globals.getCurrentPages;
    }
    await phone.database().collection('things').where({ colour: 'red' }).get();
    // A watch's first snapshot is a query too.
    await new Promise<void>((resolve, reject) => {
      const watcher = phone
        .database()
        .collection('things')
        .where({ size: 1 })
        .watch({
          onChange: () => {
            void watcher.close();
            resolve();
          },
          onError: reject,
        });
    });
    const list = await missing();
    expect(list.find((m) => m.operation === 'watch')).toMatchObject({ shape: '{"size":"$eq"}', sources: [{ source: 'client', count: 1 }] });
    expect(list.find((m) => m.operation === 'count')).toMatchObject({ sources: [{ source: 'admin', count: 1 }] });
    expect(list.find((m) => m.operation === 'query' && m.shape === '{"colour":"$eq"}')).toMatchObject({
      count: 4,
      sources: [
        { source: 'function:finder', count: 2 },
        { source: 'client:pages/things/list', count: 1 },
        { source: 'client', count: 1 },
      ],
    });
    expect(list.find((m) => m.shape === '{} sort {"at":-1}')).toMatchObject({ sources: [{ source: 'client:pages/things/list', count: 1 }] });
    expect(list.some((m) => String(m.shape).includes('score'))).toBe(false);
  });

  it('the console forgets them on DELETE', async () => {
    const res = await fetch(`${cloud.url}/console/api/missing-indexes`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ cleared: 6 });
    expect(await missing()).toEqual([]);
  });
});
