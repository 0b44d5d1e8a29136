// Transactions through the real wx-server-sdk: runTransaction and startTransaction, isolation until
// commit, rollback on abort or throw, conflicts and who retries them; and the change events a commit
// emits. The isolation table (snapshot reads, write skew, expiry) is in db-isolation.test.ts.
import type { LocalCloud } from '../src/cloud';
import type { ChangeEvent } from '../src/db/types';
import { runTransaction as runDomainTransaction } from '../../domain/server/database';
import { serverSdk, startTestCloud } from './support/cloud';

// wx-server-sdk's typings model callback-style `void | string` results; these tests use promises.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDb = any;
let cloud: LocalCloud;
let db: LooseDb;
const events: ChangeEvent[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({ databaseDir: '/nonexistent-db-specs' });
  db = serverSdk(cloud).database() as LooseDb;
  await db.createCollection('accounts');
  await db.collection('accounts').add({
    data: [
      { _id: 'alice', balance: 100 },
      { _id: 'bob', balance: 0 },
    ],
  });
  cloud.db.onChange((e) => events.push(e));
});

afterAll(async () => {
  await cloud.stop();
});

const balance = async (id: string) => (await db.collection('accounts').doc(id).get()).data.balance as number;

test('runTransaction commits all writes together and returns the callback value', async () => {
  events.length = 0;
  const result = await db.runTransaction(async (t: LooseDb) => {
    const alice = (await t.collection('accounts').doc('alice').get()).data;
    await t
      .collection('accounts')
      .doc('alice')
      .update({ data: { balance: alice.balance - 30 } });
    await t
      .collection('accounts')
      .doc('bob')
      .update({ data: { balance: db.command.inc(30) } });
    await t.collection('accounts').add({ data: { _id: 'log1', note: 'transfer' } });
    return 'done';
  });
  expect(result).toBe('done');
  expect([await balance('alice'), await balance('bob')]).toEqual([70, 30]);
  expect(events.map((e) => [e.kind, e.id])).toEqual([
    ['update', 'alice'],
    ['update', 'bob'],
    ['insert', 'log1'],
  ]);
  expect(events[0].updatedFields).toEqual({ balance: 70 });
  expect(events[1].seq).toBe(events[0].seq + 1);
});

test('a throwing callback rolls everything back', async () => {
  await expect(
    db.runTransaction(async (t: LooseDb) => {
      await t
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: 0 } });
      await t
        .collection('accounts')
        .doc('carol')
        .set({ data: { balance: 5 } });
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect(await balance('alice')).toBe(70);
  expect((await db.collection('accounts').where({ _id: 'carol' }).count()).total).toBe(0);
});

test('startTransaction: writes are visible inside only, until commit; rollback undoes them', async () => {
  const t = await db.startTransaction();
  await t
    .collection('accounts')
    .doc('bob')
    .update({ data: { balance: 999 } });
  expect((await t.collection('accounts').doc('bob').get()).data.balance).toBe(999);
  expect(await balance('bob')).toBe(30);
  await t.rollback();
  expect(await balance('bob')).toBe(30);

  const t2 = await db.startTransaction();
  await t2.collection('accounts').doc('bob').remove();
  expect((await db.collection('accounts').where({ _id: 'bob' }).count()).total).toBe(1);
  await t2.commit();
  expect((await db.collection('accounts').where({ _id: 'bob' }).count()).total).toBe(0);
});

test('a write to a document committed since the snapshot conflicts at once; SDK runTransaction does not retry it, domain runTransaction does', async () => {
  const t = await db.startTransaction();
  const seen = (await t.collection('accounts').doc('alice').get()).data.balance;
  await db
    .collection('accounts')
    .doc('alice')
    .update({ data: { balance: db.command.inc(1) } });
  // wx-server-sdk rethrows write errors as its own, keeping CloudBase's message but not the code.
  await expect(
    t
      .collection('accounts')
      .doc('alice')
      .update({ data: { balance: seen + 100 } }),
  ).rejects.toThrow('[ResourceUnavailable.TransactionConflict]');
  expect(await balance('alice')).toBe(71);

  let sdkAttempts = 0;
  await expect(
    db.runTransaction(async (tx: LooseDb) => {
      sdkAttempts++;
      const current = (await tx.collection('accounts').doc('alice').get()).data.balance;
      await db
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: db.command.inc(1) } });
      await tx
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: current + 100 } });
    }),
  ).rejects.toThrow('Transaction is conflict');
  expect(sdkAttempts).toBe(1);
  expect(await balance('alice')).toBe(72);

  let attempts = 0;
  await runDomainTransaction(db, async (tx: LooseDb) => {
    attempts++;
    const current = (await tx.collection('accounts').doc('alice').get()).data.balance;
    if (attempts === 1)
      await db
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: db.command.inc(1) } });
    await tx
      .collection('accounts')
      .doc('alice')
      .update({ data: { balance: current + 100 } });
  });
  expect(attempts).toBe(2);
  expect(await balance('alice')).toBe(173);
});

test('an unknown transaction id is refused as CloudBase refuses an ended one', async () => {
  const res = await fetch(`${cloud.url}/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'database.commitTransaction', transactionId: 'nope' }),
  });
  expect(await res.json()).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
});
