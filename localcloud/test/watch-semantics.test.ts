// Realtime watch through the real @cloudbase/database 1.4.3 realtime client (inside the wx.cloud
// shim) against the local cloud: init, enqueue/update/dequeue/remove, order and limit, writes from
// another client and from the unmodified wx-server-sdk (as a cloud function writes), rules, close.
import path from 'path';
import WebSocket from 'ws';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud, type WxCloud } from '../src/client';
import { serverSdk, startTestCloud } from './support/cloud';
import { changes, eventually, ids, quietRealtimeLogs, WatchRecorder } from './support/watch-recorder';

let cloud: LocalCloud;
let alice: WxCloud;
let bob: WxCloud;
let admin: ReturnType<typeof serverSdk>;

beforeAll(async () => {
  quietRealtimeLogs();
  cloud = await startTestCloud({ databaseDir: path.join(__dirname, 'fixtures/database') });
  const client = (openid: string) => createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never });
  alice = client('alice');
  bob = client('bob');
  admin = serverSdk(cloud);
});

afterAll(async () => {
  await alice.close();
  await bob.close();
  await eventually(() => cloud.realtime.stats().connections === 0, 'the clients to hang up');
  await cloud.stop();
});

it('delivers init, enqueue, update, dequeue and remove for writes from a client and from the server SDK', async () => {
  await cloud.db.insert('feed', [
    { _id: 'a', room: 'w1', text: 'first' },
    { _id: 'b', room: 'w1', text: 'second' },
  ]);
  const rec = new WatchRecorder();
  const watcher = alice.database().collection('feed').where({ room: 'w1' }).watch(rec);

  const init = await rec.snapshot(0);
  expect(init.type).toBe('init');
  expect(ids(init.docs)).toEqual(['a', 'b']);
  expect(changes(init)).toEqual([
    ['a', 'init', 'init'],
    ['b', 'init', 'init'],
  ]);

  // Another phone posts: enqueue with DataType add, the full doc with its stamped _openid.
  const added = await bob
    .database()
    .collection('feed')
    .add({ data: { _id: 'c', room: 'w1', text: 'from bob' } });
  const s1 = await rec.snapshot(1);
  expect(changes(s1)).toEqual([[added._id, 'add', 'enqueue']]);
  expect(s1.docChanges[0].doc).toEqual({ _id: 'c', room: 'w1', text: 'from bob', _openid: 'bob' });
  expect(ids(s1.docs)).toEqual(['a', 'b', 'c']);

  // A cloud function edits a field: update/update with the updated fields.
  const db = admin.database();
  await db
    .collection('feed')
    .doc('a')
    .update({ data: { text: 'edited' } });
  const s2 = await rec.snapshot(2);
  expect(changes(s2)).toEqual([['a', 'update', 'update']]);
  expect(s2.docChanges[0].updatedFields).toEqual({ text: 'edited' });
  expect(s2.docs.find((d) => d._id === 'a')).toEqual({ _id: 'a', room: 'w1', text: 'edited' });

  // A write elsewhere produces nothing; the next snapshot is the move out of the room: dequeue.
  await db.collection('feed').add({ data: { _id: 'elsewhere', room: 'w9' } });
  await db
    .collection('feed')
    .doc('a')
    .update({ data: { room: 'w2' } });
  const s3 = await rec.snapshot(3);
  expect(changes(s3)).toEqual([['a', 'update', 'dequeue']]);
  expect(ids(s3.docs)).toEqual(['b', 'c']);

  await db.collection('feed').doc('b').remove();
  const s4 = await rec.snapshot(4);
  expect(changes(s4)).toEqual([['b', 'remove', 'dequeue']]);
  expect(ids(s4.docs)).toEqual(['c']);
  expect(s4.id).toBe(s3.id + 1);

  await watcher.close();
  await eventually(() => cloud.realtime.stats().watches === 0, 'the server to drop the closed watch');
  expect(rec.errors).toEqual([]);
});

it('keeps a limited window in query order: the next document enters when one leaves (DataType limit)', async () => {
  await cloud.db.insert('feed', [
    { _id: 'm1', room: 'w3', seq: 1 },
    { _id: 'm2', room: 'w3', seq: 2 },
    { _id: 'm3', room: 'w3', seq: 3 },
  ]);
  const rec = new WatchRecorder();
  const watcher = alice.database().collection('feed').where({ room: 'w3' }).orderBy('seq', 'desc').limit(2).watch(rec);
  expect(ids((await rec.snapshot(0)).docs)).toEqual(['m3', 'm2']);

  const db = admin.database();
  await db.collection('feed').add({ data: { _id: 'm4', room: 'w3', seq: 4 } });
  const s1 = await rec.snapshot(1);
  expect(changes(s1)).toEqual([
    ['m4', 'add', 'enqueue'],
    ['m2', 'limit', 'dequeue'],
  ]);
  expect(ids(s1.docs)).toEqual(['m4', 'm3']);

  // Below the window: nothing. Then m4 leaves and m2 comes back from the database.
  await db.collection('feed').add({ data: { _id: 'm0', room: 'w3', seq: 0 } });
  await db.collection('feed').doc('m4').remove();
  const s2 = await rec.snapshot(2);
  expect(changes(s2)).toEqual([
    ['m4', 'remove', 'dequeue'],
    ['m2', 'limit', 'enqueue'],
  ]);
  expect(ids(s2.docs)).toEqual(['m3', 'm2']);

  // A document that stays but moves: the snapshot stays sorted.
  await db
    .collection('feed')
    .doc('m2')
    .update({ data: { seq: 10 } });
  const s3 = await rec.snapshot(3);
  expect(changes(s3)).toEqual([['m2', 'update', 'update']]);
  expect(ids(s3.docs)).toEqual(['m2', 'm3']);
  await watcher.close();
});

it('applies the read rule to the watch query, like a get()', async () => {
  await cloud.db.insert('notes', [{ _id: 'wn1', _openid: 'alice', text: 'mine' }]);
  const denied = new WatchRecorder();
  alice.database().collection('notes').watch(denied);
  const err = await denied.error();
  expect(err.errCode).toBe(-502003);
  expect(err.errMsg).toMatch(/^watch:fail SDK_DATABASE_REALTIME_LISTENER_INIT_WATCH_FAIL: DATABASE_PERMISSION_DENIED/);
  expect(denied.snapshots).toEqual([]);

  const allowed = new WatchRecorder();
  const watcher = alice.database().collection('notes').where({ _openid: 'alice' }).watch(allowed);
  expect(ids((await allowed.snapshot(0)).docs)).toEqual(['wn1']);
  await watcher.close();
});

it('reports a watch on a missing collection through onError', async () => {
  const rec = new WatchRecorder();
  alice.database().collection('no_such_collection').watch(rec);
  const err = await rec.error();
  expect(err.errCode).toBe(-502005);
});
