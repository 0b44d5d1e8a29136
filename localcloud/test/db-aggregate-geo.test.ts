// Aggregation stages and geo queries through the real wx-server-sdk.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { LocalCloud } from '../src/cloud';
import { serverSdk, startTestCloud } from './support/cloud';

// wx-server-sdk's typings model callback-style `void | string` results; these tests use promises.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDb = any;
let cloud: LocalCloud;
let db: LooseDb;

beforeAll(async () => {
  const specs = fs.mkdtempSync(path.join(os.tmpdir(), 'db-specs-'));
  fs.writeFileSync(
    path.join(specs, 'places.json'),
    JSON.stringify({ collectionName: 'places', description: '', schema: {}, rules: {}, indexes: [{ name: 'loc', keys: [{ name: 'loc', direction: '2dsphere' }] }] }),
  );
  cloud = await startTestCloud({ databaseDir: specs });
  db = serverSdk(cloud).database() as LooseDb;
  await db.createCollection('sales');
  await db.createCollection('shops');
  await db.collection('shops').add({
    data: [
      { _id: 's1', city: 'SZ' },
      { _id: 's2', city: 'GZ' },
    ],
  });
  await db.collection('sales').add({
    data: [
      { _id: 'a', shop: 's1', item: 'tea', qty: 2, price: 10, tags: ['hot', 'drink'] },
      { _id: 'b', shop: 's1', item: 'cake', qty: 1, price: 30, tags: ['sweet'] },
      { _id: 'c', shop: 's2', item: 'tea', qty: 5, price: 10, tags: ['drink'] },
      { _id: 'd', shop: 's2', item: 'coffee', qty: 3, price: 20, tags: [] },
    ],
  });
  const Geo = db.Geo;
  // Shenzhen-ish points: p0 at the centre, p1 ~1.1 km north, p2 ~11 km north, far ~1,000 km away.
  await db.collection('places').add({
    data: [
      { _id: 'p0', loc: new Geo.Point(114.0, 22.5) },
      { _id: 'p1', loc: new Geo.Point(114.0, 22.51) },
      { _id: 'p2', loc: new Geo.Point(114.0, 22.6) },
      { _id: 'far', loc: new Geo.Point(121.47, 31.23) },
    ],
  });
});

afterAll(async () => {
  await cloud.stop();
});

test('match, group with accumulators, sort', async () => {
  const $ = db.command.aggregate;
  const res = await db
    .collection('sales')
    .aggregate()
    .match({ qty: db.command.gte(1) })
    .group({ _id: '$shop', total: $.sum($.multiply(['$qty', '$price'])), items: $.addToSet('$item'), n: $.sum(1), avgQty: $.avg('$qty') })
    .sort({ _id: 1 })
    .end();
  expect(res.list).toEqual([
    { _id: 's1', total: 50, items: expect.arrayContaining(['tea', 'cake']), n: 2, avgQty: 1.5 },
    { _id: 's2', total: 110, items: expect.arrayContaining(['tea', 'coffee']), n: 2, avgQty: 4 },
  ]);
});

test('project, addFields, unwind, lookup, count, skip, limit, sortByCount, bucket, sample', async () => {
  const $ = db.command.aggregate;
  const projected = await db
    .collection('sales')
    .aggregate()
    .sort({ _id: 1 })
    .skip(1)
    .limit(2)
    .project({ _id: 0, item: 1 })
    .addFields({ big: $.gt(['$item', 'd']) })
    .end();
  expect(projected.list).toEqual([
    { item: 'cake', big: false },
    { item: 'tea', big: true },
  ]);

  const unwound = await db.collection('sales').aggregate().unwind('$tags').sortByCount('$tags').end();
  expect(unwound.list).toEqual([{ _id: 'drink', count: 2 }, expect.objectContaining({ count: 1 }), expect.objectContaining({ count: 1 })]);

  const looked = await db.collection('sales').aggregate().match({ _id: 'c' }).lookup({ from: 'shops', localField: 'shop', foreignField: '_id', as: 'shopDoc' }).end();
  expect(looked.list[0].shopDoc).toEqual([{ _id: 's2', city: 'GZ' }]);

  const counted = await db.collection('sales').aggregate().match({ item: 'tea' }).count('teas').end();
  expect(counted.list).toEqual([{ teas: 2 }]);

  const buckets = await db
    .collection('sales')
    .aggregate()
    .bucket({ groupBy: '$price', boundaries: [0, 15, 100], default: 'other', output: { n: $.sum(1) } })
    .end();
  expect(buckets.list).toEqual([
    { _id: 0, n: 2 },
    { _id: 15, n: 2 },
  ]);

  const sampled = await db.collection('sales').aggregate().sample({ size: 2 }).end();
  expect(sampled.list).toHaveLength(2);
});

test('aggregate returns 20 results unless limited', async () => {
  await db.createCollection('many');
  await db.collection('many').add({ data: Array.from({ length: 25 }, (_, i) => ({ i })) });
  expect((await db.collection('many').aggregate().match({}).end()).list).toHaveLength(20);
  expect((await db.collection('many').aggregate().limit(25).end()).list).toHaveLength(25);
});

test('geoNear query: within distance, nearest first', async () => {
  const _ = db.command;
  const near = await db
    .collection('places')
    .where({ loc: _.geoNear({ geometry: new db.Geo.Point(114.0, 22.5), maxDistance: 5000 }) })
    .get();
  expect(near.data.map((d: { _id: string }) => d._id)).toEqual(['p0', 'p1']);
  const ring = await db
    .collection('places')
    .where({ loc: _.geoNear({ geometry: new db.Geo.Point(114.0, 22.5), minDistance: 2000, maxDistance: 2_000_000 }) })
    .get();
  expect(ring.data.map((d: { _id: string }) => d._id)).toEqual(['p2', 'far']);
  // points come back as SDK Geo objects
  expect(near.data[0].loc.latitude).toBe(22.5);
});

test('geoWithin polygon and centerSphere, geoIntersects', async () => {
  const _ = db.command;
  const { Point, LineString, Polygon } = db.Geo;
  const square = new Polygon([new LineString([new Point(113.9, 22.45), new Point(114.1, 22.45), new Point(114.1, 22.55), new Point(113.9, 22.55), new Point(113.9, 22.45)])]);
  const within = await db
    .collection('places')
    .where({ loc: _.geoWithin({ geometry: square }) })
    .orderBy('_id', 'asc')
    .get();
  expect(within.data.map((d: { _id: string }) => d._id)).toEqual(['p0', 'p1']);
  // 0.002 rad * 6378.1 km = ~12.8 km around p0: p0, p1, p2
  const circle = await db
    .collection('places')
    .where({ loc: _.geoWithin({ centerSphere: [new Point(114.0, 22.5), 0.002] }) })
    .orderBy('_id', 'asc')
    .get();
  expect(circle.data.map((d: { _id: string }) => d._id)).toEqual(['p0', 'p1', 'p2']);
  const line = new LineString([new Point(113.99, 22.51), new Point(114.01, 22.51)]);
  const crossing = await db
    .collection('places')
    .where({ loc: _.geoIntersects({ geometry: line }) })
    .get();
  expect(crossing.data.map((d: { _id: string }) => d._id)).toEqual(['p1']);
});

test('geoNear aggregation stage with distanceField', async () => {
  const res = await db
    .collection('places')
    .aggregate()
    .geoNear({ distanceField: 'dist', spherical: true, near: new db.Geo.Point(114.0, 22.5), maxDistance: 20000 })
    .end();
  expect(res.list.map((d: { _id: string }) => d._id)).toEqual(['p0', 'p1', 'p2']);
  expect(res.list[0].dist).toBe(0);
  // 0.01 degree of latitude on a 6378.1 km sphere: 6378100 * 0.01 * pi / 180 = 1113.2 m
  expect(res.list[1].dist).toBeCloseTo(1113.2, 0);
});

/** One $geoNear stage sent as raw wire JSON, the way an SDK serialized it. */
async function rawGeoNear(stageValue: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(cloud.url + '/admin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'database.aggregateDocuments', collectionName: 'places', stages: [{ stageKey: '$geoNear', stageValue }] }),
  });
  const body = (await res.json()) as { code?: string; message?: string; data?: { list: string[] } };
  if (!body.data) throw new Error(`${body.code}: ${body.message}`);
  return body.data.list.map((s) => JSON.parse(s));
}

test('geoNear stage as @cloudbase/database 1.4.0 sends it: legacy {longitude, latitude} near, distanceMultiplier 6378100', async () => {
  // 1.4.0 aggregate.js passes the SDK Point through EJSON (its own fields, not toJSON's GeoJSON) and
  // sets distanceMultiplier = 6378100 (EARTH_RADIUS) times the caller's. MongoDB $geoNear with a
  // legacy coordinate pair and spherical: distances (and maxDistance) are in radians, so the
  // multiplied distance is in metres: 0.01 degree of latitude = 0.01 * pi / 180 rad = 1113.2 m.
  const list = await rawGeoNear(
    '{"near":{"longitude":{"$numberInt":"114"},"latitude":{"$numberDouble":"22.5"}},"distanceField":"dist","spherical":true,"distanceMultiplier":{"$numberInt":"6378100"}}',
  );
  expect(list.map((d) => d._id)).toEqual(['p0', 'p1', 'p2', 'far']);
  expect(list[0].dist).toBe(0);
  expect(list[1].dist).toBeCloseTo(1113.2, 0);
  // maxDistance is in radians with a legacy pair: 20 km / 6378.1 km = 0.0031357 rad.
  const near = await rawGeoNear(`{"near":[114,22.5],"distanceField":"dist","spherical":true,"maxDistance":${20000 / 6378100},"distanceMultiplier":6378100}`);
  expect(near.map((d) => d._id)).toEqual(['p0', 'p1', 'p2']);
  expect(near[1].dist).toBeCloseTo(1113.2, 0);
  // Without a multiplier the legacy distance is the angle itself: 0.01 degree = 0.00017453 rad.
  const radians = await rawGeoNear('{"near":[114,22.5],"distanceField":"dist","spherical":true,"maxDistance":0.001}');
  expect(radians[1].dist).toBeCloseTo(0.00017453, 7);
  // A GeoJSON near (1.4.3) keeps metres, and its distanceMultiplier scales them (1 km units here).
  const km = await rawGeoNear('{"near":{"type":"Point","coordinates":[114,22.5]},"distanceField":"dist","spherical":true,"maxDistance":20000,"distanceMultiplier":0.001}');
  expect(km[1].dist).toBeCloseTo(1.1132, 3);
});
