// Transaction isolation as CloudBase has it (MongoDB multi-document transactions, snapshot
// isolation), through the unmodified wx-server-sdk. Expected values come from MongoDB's documented
// semantics and CloudBase's own SDK test suite against the real service ("读快照", "读偏",
// "冲突检测", "事务提交后, 不能进行其它操作"), not from this implementation's output:
//   read skew       prevented: reads see the snapshot, whatever commits meanwhile
//   write skew      allowed: only written documents conflict
//   lost update     prevented: the second writer of a document conflicts at once (first writer wins)
//   read-only       commits although what it read has changed
//   lifetime        30 s from start, then DATABASE_TRANSACTION_FAIL "TransactionNotExist"
// Plus database.modifyAndReturnDoc (the SDK's updateAndReturn), which wx-server-sdk does not
// expose: it is reached through the @cloudbase/database objects wx-server-sdk wraps.
import path from 'path';
import WebSocket from 'ws';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud, DEFAULT_APPID, type WxCloud } from '../src/client';
import { Transport } from '../src/client/transport';
import type { ChangeEvent } from '../src/db/types';
import { serverSdk, startTestCloud } from './support/cloud';
import { changes, quietRealtimeLogs, WatchRecorder } from './support/watch-recorder';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK types transactions as any
type LooseDb = any;

const NOT_EXIST =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';
const CONFLICT = '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';

let cloud: LocalCloud;
let db: LooseDb;
let skewMs = 0;
const events: ChangeEvent[] = [];

beforeAll(async () => {
  quietRealtimeLogs();
  cloud = await startTestCloud({ databaseDir: path.join(__dirname, 'fixtures/database'), clock: () => Date.now() + skewMs });
  db = serverSdk(cloud).database() as LooseDb;
  await db.createCollection('ledger');
  cloud.db.onChange((e) => events.push(e));
});

afterAll(async () => {
  await cloud.stop();
});

let seq = 0;
/** Fresh documents per test, so the tests do not depend on each other. */
async function seed(docs: Record<string, Record<string, unknown>>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, data] of Object.entries(docs)) {
    ids[name] = `${name}-${++seq}`;
    await db.collection('ledger').add({ data: { _id: ids[name], ...data } });
  }
  return ids;
}
const read = async (t: LooseDb, id: string) => (await t.collection('ledger').doc(id).get()).data;
const committed = async (id: string) => (await db.collection('ledger').doc(id).get()).data;

/** Errors from reads and writes come wrapped by wx-server-sdk; commit/rollback reject with the raw answer. */
async function expectGone(operation: Promise<unknown>): Promise<void> {
  const err = await operation.then(
    () => undefined,
    (e: { code?: string; message?: string; errMsg?: string }) => e,
  );
  expect(err).toBeDefined();
  expect(`${err!.message ?? err!.errMsg}`).toContain(NOT_EXIST);
  if (err!.code !== undefined) expect(err!.code).toBe('DATABASE_TRANSACTION_FAIL');
}

describe('isolation', () => {
  test('read skew is prevented: reads see the snapshot of the first operation, own writes on top', async () => {
    const { a, b } = await seed({ a: { balance: 50, tag: 'x' }, b: { balance: 50, tag: 'x' } });
    const t = await db.startTransaction();
    expect((await read(t, a)).balance).toBe(50);

    // A transfer commits between our two reads.
    await db
      .collection('ledger')
      .doc(a)
      .update({ data: { balance: 0, tag: 'y' } });
    await db
      .collection('ledger')
      .doc(b)
      .update({ data: { balance: 100, tag: 'y' } });
    const { c } = await seed({ c: { balance: 7, tag: 'x' } });

    expect((await read(t, b)).balance).toBe(50);
    expect((await read(t, a)).balance).toBe(50);
    // Queries too: the snapshot's values match, later documents are invisible.
    const tagged = await t
      .collection('ledger')
      .where({ tag: 'x', _id: db.command.in([a, b, c]) })
      .get();
    expect(tagged.data.map((d: { _id: string }) => d._id).sort()).toEqual([a, b].sort());
    expect((await t.collection('ledger').where({ _id: c }).get()).data).toEqual([]);
    await t.rollback();
  });

  test('the snapshot is taken at the first operation, not at startTransaction (as MongoDB)', async () => {
    const { a } = await seed({ a: { balance: 1 } });
    const t = await db.startTransaction();
    await db
      .collection('ledger')
      .doc(a)
      .update({ data: { balance: 2 } });
    expect((await read(t, a)).balance).toBe(2);
    await t
      .collection('ledger')
      .doc(a)
      .update({ data: { balance: 3 } }); // no conflict: committed before the snapshot
    await t.commit();
    expect((await committed(a)).balance).toBe(3);
  });

  test('own writes are visible to own reads and to nobody else until commit', async () => {
    const { a } = await seed({ a: { balance: 10 } });
    const t = await db.startTransaction();
    await t
      .collection('ledger')
      .doc(a)
      .update({ data: { balance: db.command.inc(5) } });
    expect((await read(t, a)).balance).toBe(15);
    expect((await committed(a)).balance).toBe(10);
    await t.commit();
    expect((await committed(a)).balance).toBe(15);
  });

  test('write skew is allowed, as in MongoDB: read-only documents are not validated at commit', async () => {
    // Two doctors on call; each transaction takes one off call after seeing the other still on.
    const { alice, bob } = await seed({ alice: { onCall: true }, bob: { onCall: true } });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    expect([(await read(t1, alice)).onCall, (await read(t1, bob)).onCall]).toEqual([true, true]);
    expect([(await read(t2, alice)).onCall, (await read(t2, bob)).onCall]).toEqual([true, true]);
    await t1
      .collection('ledger')
      .doc(alice)
      .update({ data: { onCall: false } });
    await t2
      .collection('ledger')
      .doc(bob)
      .update({ data: { onCall: false } });
    await t1.commit();
    await t2.commit();
    expect([(await committed(alice)).onCall, (await committed(bob)).onCall]).toEqual([false, false]);
  });

  test('lost update is prevented: the second writer conflicts at write time, the first commits', async () => {
    const { counter } = await seed({ counter: { n: 0 } });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const n1 = (await read(t1, counter)).n;
    const n2 = (await read(t2, counter)).n;
    await t1
      .collection('ledger')
      .doc(counter)
      .update({ data: { n: n1 + 1 } });
    // t1 has not committed yet: t2's write fails now, not at its commit.
    await expect(
      t2
        .collection('ledger')
        .doc(counter)
        .update({ data: { n: n2 + 1 } }),
    ).rejects.toThrow(CONFLICT);
    await t1.commit();
    expect((await committed(counter)).n).toBe(1);
    // Like MongoDB's WriteConflict, the conflict aborted t2.
    await expectGone(t2.commit());
  });

  test('a write to a document committed by someone else after the snapshot conflicts (WriteConflict)', async () => {
    const { counter } = await seed({ counter: { n: 0 } });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    expect((await read(t2, counter)).n).toBe(0);
    await t1
      .collection('ledger')
      .doc(counter)
      .update({ data: { n: 1 } });
    await t1.commit();
    await expect(
      t2
        .collection('ledger')
        .doc(counter)
        .set({ data: { n: 100 } }),
    ).rejects.toThrow(CONFLICT);
    expect((await committed(counter)).n).toBe(1);
  });

  test('a non-transactional write after our write is not lost: our commit conflicts', async () => {
    // MongoDB would hold the outside write until we end; here it lands at once (a documented
    // difference), and either way neither update is silently lost.
    const { counter } = await seed({ counter: { n: 0 } });
    const t = await db.startTransaction();
    await t
      .collection('ledger')
      .doc(counter)
      .update({ data: { n: 1 } });
    await db
      .collection('ledger')
      .doc(counter)
      .update({ data: { n: 10 } });
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: CONFLICT });
    expect((await committed(counter)).n).toBe(10);
  });

  test('an insert of an id another open transaction inserted conflicts', async () => {
    const id = `fresh-${++seq}`;
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('ledger').add({ data: { _id: id, by: 't1' } });
    await expect(t2.collection('ledger').add({ data: { _id: id, by: 't2' } })).rejects.toThrow(CONFLICT);
    await t1.commit();
    expect((await committed(id)).by).toBe('t1');
  });

  test('a read-only transaction commits although what it read changed meanwhile', async () => {
    const { a } = await seed({ a: { balance: 1 } });
    const t = await db.startTransaction();
    expect((await read(t, a)).balance).toBe(1);
    await db
      .collection('ledger')
      .doc(a)
      .update({ data: { balance: 2 } });
    await expect(t.commit()).resolves.toBeDefined();
  });

  test('a document another transaction writes is free again once that transaction ends', async () => {
    const { a } = await seed({ a: { n: 0 } });
    const t1 = await db.startTransaction();
    await t1
      .collection('ledger')
      .doc(a)
      .update({ data: { n: 1 } });
    await expect(
      db.runTransaction(
        async (t: LooseDb) =>
          t
            .collection('ledger')
            .doc(a)
            .update({ data: { n: 2 } }),
        0,
      ),
    ).rejects.toThrow(CONFLICT);
    await t1.rollback();
    await db.runTransaction(
      async (t: LooseDb) =>
        t
          .collection('ledger')
          .doc(a)
          .update({ data: { n: 3 } }),
      0,
    );
    expect((await committed(a)).n).toBe(3);
  });
});

describe('lifetime and ended transactions', () => {
  afterEach(() => {
    skewMs = 0;
  });

  test('30 s after start every operation answers DATABASE_TRANSACTION_FAIL, and its write locks are gone', async () => {
    const { a } = await seed({ a: { n: 0 } });
    const t = await db.startTransaction();
    await t
      .collection('ledger')
      .doc(a)
      .update({ data: { n: 1 } });
    skewMs = 29_000; // busy or idle does not matter: the limit counts from the start
    expect((await read(t, a)).n).toBe(1);
    skewMs = 30_000;
    await expectGone(t.collection('ledger').doc(a).get());
    await expectGone(
      t
        .collection('ledger')
        .doc(a)
        .update({ data: { n: 2 } }),
    );
    await expectGone(t.commit());
    await expectGone(t.rollback());
    expect((await committed(a)).n).toBe(0);
    // The expired transaction's write no longer blocks anyone.
    await db.runTransaction(
      async (t2: LooseDb) =>
        t2
          .collection('ledger')
          .doc(a)
          .update({ data: { n: 5 } }),
      0,
    );
    expect((await committed(a)).n).toBe(5);
  });

  test('after commit: read, write, commit and abort answer DATABASE_TRANSACTION_FAIL', async () => {
    const { a } = await seed({ a: { n: 0 } });
    const t = await db.startTransaction();
    await t.commit();
    await expectGone(t.collection('ledger').doc(a).get());
    await expectGone(
      t
        .collection('ledger')
        .doc(a)
        .set({ data: { n: 1 } }),
    );
    await expectGone(t.commit());
    await expectGone(t.rollback());
  });

  test('after abort: read, write, commit and abort answer DATABASE_TRANSACTION_FAIL', async () => {
    const { a } = await seed({ a: { n: 0 } });
    const t = await db.startTransaction();
    await t
      .collection('ledger')
      .doc(a)
      .update({ data: { n: 1 } });
    await t.rollback();
    await expectGone(t.collection('ledger').doc(a).get());
    await expectGone(t.collection('ledger').add({ data: { n: 2 } }));
    await expectGone(t.commit());
    await expectGone(t.rollback());
    expect((await committed(a)).n).toBe(0);
  });
});

describe('database.modifyAndReturnDoc (updateAndReturn)', () => {
  // wx-server-sdk wraps @cloudbase/database without updateAndReturn; these are the objects it wraps.
  const cloudbaseDb = () => db._db;
  const cloudbaseTransaction = (t: LooseDb) => t._transaction;

  test('outside a transaction: the document after the update; a watcher sees an ordinary update', async () => {
    const client: WxCloud = createWxCloud({ baseUrl: cloud.url, openid: 'watcher', WebSocket: WebSocket as never });
    try {
      await db.collection('feed').add({ data: { _id: `feed-${++seq}`, room: 'uar', likes: 1 } });
      const id = `feed-${seq}`;
      const rec = new WatchRecorder();
      const watcher = client.database().collection('feed').where({ room: 'uar' }).watch(rec);
      await rec.snapshot(0);

      const res = await cloudbaseDb()
        .collection('feed')
        .where({ _id: id })
        .updateAndReturn({ likes: db.command.inc(1) });
      expect(res.updated).toBe(1);
      expect(res.doc).toEqual({ _id: id, room: 'uar', likes: 2 });

      const s1 = await rec.snapshot(1);
      expect(changes(s1)).toEqual([[id, 'update', 'update']]);
      expect(s1.docChanges[0].updatedFields).toEqual({ likes: 2 });
      await watcher.close();
    } finally {
      await client.close();
    }
  });

  test('no match: updated 0 and doc null', async () => {
    const res = await cloudbaseDb().collection('ledger').where({ _id: 'nobody-here' }).updateAndReturn({ n: 1 });
    expect(res.updated).toBe(0);
    expect(res.doc).toBeNull();
  });

  test('inside a transaction: the transaction sees the new document, others only after commit', async () => {
    const { a } = await seed({ a: { n: 1 } });
    const t = await db.startTransaction();
    const res = await cloudbaseTransaction(t)
      .collection('ledger')
      .where({ _id: a })
      .updateAndReturn({ n: db.command.inc(10) });
    expect(res).toMatchObject({ updated: 1, doc: { _id: a, n: 11 } });
    expect((await read(t, a)).n).toBe(11);
    expect((await committed(a)).n).toBe(1);
    events.length = 0;
    await t.commit();
    expect((await committed(a)).n).toBe(11);
    expect(events.map((e) => [e.kind, e.id, e.updatedFields])).toEqual([['update', a, { n: 11 }]]);
  });

  test('inside a transaction it takes the write lock like any update', async () => {
    const { a } = await seed({ a: { n: 1 } });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1
      .collection('ledger')
      .doc(a)
      .update({ data: { n: 2 } });
    // @cloudbase/node-sdk throws on a coded answer, keeping the code (runTransaction would retry this one).
    await expect(cloudbaseTransaction(t2).collection('ledger').where({ _id: a }).updateAndReturn({ n: 3 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: CONFLICT });
    await t1.rollback();
  });

  test('client calls pass the collection rules as modifyDocument does', async () => {
    const post = (openid: string, params: Record<string, unknown>) =>
      new Transport(cloud.url, openid, DEFAULT_APPID, fetch, undefined).post('database.modifyAndReturnDoc', { collectionName: 'feed', queryType: 'WHERE', ...params });
    const id = `feed-${++seq}`;
    await db.collection('feed').add({ data: { _id: id, room: 'rules', likes: 0, _openid: 'author' } });
    const data = JSON.stringify({ $inc: { likes: 1 } }); // what UpdateSerializer.encodeEJSON sends
    const query = JSON.stringify({ _id: id });

    const stranger = await post('stranger', { query, data });
    expect(stranger).toMatchObject({ code: 'DATABASE_PERMISSION_DENIED' });
    expect((await db.collection('feed').doc(id).get()).data.likes).toBe(0);

    const author = await post('author', { query: JSON.stringify({ _id: id, _openid: '{openid}' }), data });
    expect(author.code).toBeUndefined();
    expect(author.data).toMatchObject({ updated: 1 });
    expect(JSON.parse((author.data as { doc: string }).doc)).toMatchObject({ _id: id, likes: 1, _openid: 'author' });
  });
});
