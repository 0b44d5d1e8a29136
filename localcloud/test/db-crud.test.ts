// The database engine through the real wx-server-sdk: reads, writes, every query and update command
// the SDK can send, server dates, errors as the SDK reports them.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { LocalCloud } from '../src/cloud';
import { serverSdk, startTestCloud } from './support/cloud';

let cloud: LocalCloud;
// wx-server-sdk's typings model callback-style `void | string` results and lack some overloads
// (serverDate options, rename); these tests use the promise style only, so the SDK is used untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDb = any;
let db: LooseDb;
let _: LooseDb;

function specDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-specs-'));
  const spec = (name: string, indexes: unknown[] = []) => fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ collectionName: name, description: '', schema: {}, rules: {}, indexes }));
  spec('todos', [{ name: 'by_n', keys: [{ name: 'n', direction: '1' }] }]);
  spec('people', [{ name: 'email_unique', unique: true, keys: [{ name: 'email', direction: '1' }] }]);
  return dir;
}

beforeAll(async () => {
  cloud = await startTestCloud({ databaseDir: specDir() });
  const sdk = serverSdk(cloud, { openid: 'o-admin' });
  db = sdk.database() as LooseDb;
  _ = db.command;
});

afterAll(async () => {
  await cloud.stop();
});

// wx-server-sdk errors carry errCode/errMsg.
async function errorOf(p: Promise<unknown>): Promise<{ errCode?: number; errMsg?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { errCode?: number; errMsg?: string };
  }
  throw new Error('expected a rejection');
}

test('add, doc().get() and where().get() round-trip values, with Dates as Dates', async () => {
  const when = new Date('2024-05-01T10:00:00.000Z');
  const added = await db.collection('todos').add({ data: { title: 'a', n: 1, when, tags: ['x', 'y'], nested: { deep: { v: 2.5 } } } });
  expect(added._id).toMatch(/^[0-9a-f]{32}$/);
  const got = await db
    .collection('todos')
    .doc(added._id as string)
    .get();
  expect(got.data).toEqual({ _id: added._id, title: 'a', n: 1, when, tags: ['x', 'y'], nested: { deep: { v: 2.5 } } });
  expect((got.data as { when: unknown }).when).toBeInstanceOf(Date);
  // nested object in where is a dot-path match, not an exact sub-document match
  const byNested = await db
    .collection('todos')
    .where({ nested: { deep: { v: 2.5 } } })
    .get();
  expect(byNested.data.map((d: { _id: string }) => d._id)).toEqual([added._id]);
});

test('doc(id).get() of a missing document rejects as the SDK reports it', async () => {
  const err = await errorOf(db.collection('todos').doc('nope').get());
  expect(String(err.errMsg ?? err)).toContain('document with _id nope does not exist');
});

test('a missing collection is DATABASE_COLLECTION_NOT_EXIST (-502005), for reads and writes', async () => {
  const read = await errorOf(db.collection('ghosts').get());
  expect(read.errCode).toBe(-502005);
  const write = await errorOf(db.collection('ghosts').add({ data: { a: 1 } }));
  expect(write.errCode).toBe(-502005);
  await db.createCollection('ghosts');
  await db.collection('ghosts').add({ data: { a: 1 } });
  expect((await db.collection('ghosts').count()).total).toBe(1);
  const again = await errorOf(db.createCollection('ghosts'));
  expect(again.errMsg).toContain('already exists');
});

describe('queries', () => {
  beforeAll(async () => {
    await db.createCollection('q');
    await db.collection('q').add({
      data: [
        { _id: 'q1', n: 1, s: 'apple', tags: ['red', 'fruit'], items: [{ k: 1 }, { k: 5 }], flag: true },
        { _id: 'q2', n: 2, s: 'banana', tags: ['yellow', 'fruit'], items: [{ k: 2 }], flag: false, opt: null },
        { _id: 'q3', n: 3, s: 'Cherry', tags: ['red'], items: [], extra: 'e' },
        { _id: 'q4', n: 4, s: 'date', tags: [], items: [{ k: 9 }] },
      ],
    });
  });

  const ids = async (where: Record<string, unknown>) => (await db.collection('q').where(where).orderBy('n', 'asc').get()).data.map((d: { _id: string }) => d._id);

  test('comparison commands', async () => {
    expect(await ids({ n: _.gt(1).and(_.lt(4)) })).toEqual(['q2', 'q3']);
    expect(await ids({ n: _.gte(3) })).toEqual(['q3', 'q4']);
    expect(await ids({ n: _.lte(1) })).toEqual(['q1']);
    expect(await ids({ n: _.neq(2) })).toEqual(['q1', 'q3', 'q4']);
    expect(await ids({ n: _.in([1, 4]) })).toEqual(['q1', 'q4']);
    expect(await ids({ n: _.nin([1, 4]) })).toEqual(['q2', 'q3']);
    expect(await ids({ n: _.eq(3) })).toEqual(['q3']);
  });

  test('logical commands', async () => {
    expect(await ids({ n: _.or(_.eq(1), _.eq(3)) })).toEqual(['q1', 'q3']);
    expect(await ids(_.or([{ n: 1 }, { s: 'date' }]) as unknown as Record<string, unknown>)).toEqual(['q1', 'q4']);
    expect(await ids(_.and([{ tags: 'red' }, { n: _.gt(1) }]) as unknown as Record<string, unknown>)).toEqual(['q3']);
    expect(await ids(_.nor([{ n: 1 }, { n: 2 }]) as unknown as Record<string, unknown>)).toEqual(['q3', 'q4']);
    expect(await ids({ n: _.not(_.gt(2)) })).toEqual(['q1', 'q2']);
  });

  test('element, array and regex commands', async () => {
    expect(await ids({ extra: _.exists(true) })).toEqual(['q3']);
    expect(await ids({ opt: _.exists(false) })).toEqual(['q1', 'q3', 'q4']);
    expect(await ids({ tags: _.size(2) })).toEqual(['q1', 'q2']);
    expect(await ids({ tags: _.all(['red', 'fruit']) })).toEqual(['q1']);
    expect(await ids({ items: _.elemMatch({ k: _.gt(4) }) })).toEqual(['q1', 'q4']);
    expect(await ids({ tags: 'red' })).toEqual(['q1', 'q3']);
    expect(await ids({ s: /^c/i })).toEqual(['q3']);
    expect(await ids({ s: db.RegExp({ regexp: 'an', options: '' }) })).toEqual(['q2']);
    expect(await ids({ n: _.mod([2, 0]) })).toEqual(['q2', 'q4']);
    expect(await ids({ 'items.k': 5 })).toEqual(['q1']);
  });

  test('order, skip, limit, field and count', async () => {
    const page = await db.collection('q').orderBy('n', 'desc').skip(1).limit(2).field({ s: true }).get();
    expect(page.data).toEqual([
      { _id: 'q3', s: 'Cherry' },
      { _id: 'q2', s: 'banana' },
    ]);
    const excluded = await db.collection('q').where({ _id: 'q1' }).field({ tags: false, items: false }).get();
    expect(excluded.data).toEqual([{ _id: 'q1', n: 1, s: 'apple', flag: true }]);
    const twoKeys = await db.collection('q').orderBy('flag', 'desc').orderBy('n', 'desc').limit(2).get();
    expect(twoKeys.data.map((d: { _id: string }) => d._id)).toEqual(['q1', 'q2']);
    expect((await db.collection('q').where({ tags: 'fruit' }).count()).total).toBe(2);
  });
});

describe('updates', () => {
  let id: string;
  beforeEach(async () => {
    const res = await db.collection('todos').add({ data: { n: 10, list: [1, 2, 3], o: { a: 1, b: 2 }, tags: ['a'], gone: 1, m: 5 } });
    id = res._id as string;
  });
  const read = async () => (await db.collection('todos').doc(id).get()).data as Record<string, unknown>;

  test('set with dotted paths, inc, mul, remove, min, max, rename', async () => {
    const res = await db
      .collection('todos')
      .doc(id)
      .update({
        data: { o: { c: 3 }, n: _.inc(5), m: _.mul(3), gone: _.remove(), top: _.set({ x: 1 }) },
      });
    expect(res.stats.updated).toBe(1);
    expect(await read()).toEqual({ _id: id, n: 15, list: [1, 2, 3], o: { a: 1, b: 2, c: 3 }, tags: ['a'], m: 15, top: { x: 1 } });
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { n: _.min(7), m: _.max(100) } });
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { top: _.rename('renamed') } as never });
    expect(await read()).toEqual({ _id: id, n: 7, list: [1, 2, 3], o: { a: 1, b: 2, c: 3 }, tags: ['a'], m: 100, renamed: { x: 1 } });
  });

  test('array commands: push variants, pull, pullAll, addToSet, pop, shift, unshift', async () => {
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { list: _.push({ each: [9, 0], position: 1 }) } });
    expect((await read()).list).toEqual([1, 9, 0, 2, 3]);
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { list: _.push({ each: [7], sort: 1, slice: 4 }) } });
    expect((await read()).list).toEqual([0, 1, 2, 3]);
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { list: _.pull(_.gt(2)), tags: _.addToSet('b') } });
    expect(await read()).toMatchObject({ list: [0, 1, 2], tags: ['a', 'b'] });
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { list: _.pullAll([0, 2]), tags: _.push(['c', 'd']) } });
    expect(await read()).toMatchObject({ list: [1], tags: ['a', 'b', 'c', 'd'] });
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { tags: _.pop() } });
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { list: _.unshift([5, 6]) } });
    expect(await read()).toMatchObject({ list: [5, 6, 1], tags: ['a', 'b', 'c'] });
    await db
      .collection('todos')
      .doc(id)
      .update({ data: { tags: _.shift(), list: _.addToSet({ $each: [1, 8] }) } });
    expect(await read()).toMatchObject({ list: [5, 6, 1, 8], tags: ['b', 'c'] });
  });

  test('set() replaces an existing document and creates a missing one', async () => {
    const replaced = await db
      .collection('todos')
      .doc(id)
      .set({ data: { only: true } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect(await read()).toEqual({ _id: id, only: true });
    const created = await db
      .collection('todos')
      .doc('made-by-set')
      .set({ data: { fresh: 1 } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    expect((await db.collection('todos').doc('made-by-set').get()).data).toEqual({ _id: 'made-by-set', fresh: 1 });
  });

  test('where().update() is multi, counts changed documents, and serverDate resolves on the server', async () => {
    await db.collection('todos').add({ data: { group: 'g', n: 1 } });
    await db.collection('todos').add({ data: { group: 'g', n: 2 } });
    const before = Date.now();
    const res = await db
      .collection('todos')
      .where({ group: 'g' })
      .update({ data: { seen: true, at: db.serverDate({ offset: 60_000 }) } });
    expect(res.stats.updated).toBe(2);
    const docs = (await db.collection('todos').where({ group: 'g' }).get()).data;
    for (const d of docs) {
      expect(d.at).toBeInstanceOf(Date);
      expect((d.at as Date).getTime()).toBeGreaterThanOrEqual(before + 60_000);
      expect((d.at as Date).getTime()).toBeLessThan(Date.now() + 61_000);
    }
    // same values again: nothing changes, nothing is counted
    const again = await db
      .collection('todos')
      .where({ group: 'g', seen: true })
      .update({ data: { seen: true } });
    expect(again.stats.updated).toBe(0);
  });

  test('remove() by doc and by where', async () => {
    expect((await db.collection('todos').doc(id).remove()).stats.removed).toBe(1);
    await db.collection('todos').add({ data: { group: 'r' } });
    await db.collection('todos').add({ data: { group: 'r' } });
    expect((await db.collection('todos').where({ group: 'r' }).remove()).stats.removed).toBe(2);
    expect((await db.collection('todos').where({ group: 'r' }).count()).total).toBe(0);
  });
});

test('duplicate _id and unique index violations are refused and write nothing', async () => {
  await db.collection('people').add({ data: { _id: 'p1', email: 'a@x' } });
  const dupId = await errorOf(db.collection('people').add({ data: { _id: 'p1', email: 'other@x' } }));
  expect(dupId.errMsg).toContain('duplicate key');
  const dupEmail = await errorOf(
    db.collection('people').add({
      data: [
        { _id: 'p2', email: 'b@x' },
        { _id: 'p3', email: 'a@x' },
      ],
    }),
  );
  expect(dupEmail.errMsg).toContain('email_unique');
  expect((await db.collection('people').count()).total).toBe(1);
  await db.collection('people').add({ data: { _id: 'p2', email: 'b@x' } });
  const dupUpdate = await errorOf(
    db
      .collection('people')
      .doc('p2')
      .update({ data: { email: 'a@x' } }),
  );
  expect(dupUpdate.errMsg).toContain('duplicate key');
  expect((await db.collection('people').doc('p2').get()).data).toEqual({ _id: 'p2', email: 'b@x' });
});
