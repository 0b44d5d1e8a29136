// Watches under injected faults. After an abrupt socket drop the 1.4.3 client reconnects by itself
// and sends REBUILD_WATCH with its last event ID; the server replays what was missed from the
// watch's event log, so the app sees the write made while it was cut off, with no onError. Offline
// beyond the reconnect budget, the client gives up and onError fires
// (SDK_DATABASE_REALTIME_LISTENER_RECONNECT_WATCH_FAIL): the app must re-watch (with backoff).
import path from 'path';
import WebSocket from 'ws';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud, type NetworkStatus, type WxCloud, type WxError } from '../src/client';
import { startTestCloud } from './support/cloud';
import { changes, eventually, ids, quietRealtimeLogs, WatchRecorder } from './support/watch-recorder';

let cloud: LocalCloud;
const clients: WxCloud[] = [];
const client = (openid: string, realtime?: { maxReconnect: number; reconnectInterval: number }): WxCloud => {
  const c = createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never, realtime });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  quietRealtimeLogs();
  cloud = await startTestCloud({ databaseDir: path.join(__dirname, 'fixtures/database') });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await eventually(() => cloud.realtime.stats().connections === 0, 'the clients to hang up');
  await cloud.stop();
});

it('rebuilds after a dropped socket and replays the writes made meanwhile', async () => {
  const alice = client('alice', { maxReconnect: 5, reconnectInterval: 100 });
  const rec = new WatchRecorder();
  const watcher = alice.database().collection('feed').where({ room: 'f1' }).watch(rec);
  await rec.snapshot(0);
  await eventually(() => cloud.realtime.stats().connections === 1, 'the socket to be up');

  // Offline drops the socket abruptly and keeps the client from reconnecting until we are back.
  alice.faults.setOnline(false);
  await eventually(() => cloud.realtime.stats().connections === 0, 'the server to see the drop');
  // Written while alice has no socket: the server logs it for her watch.
  await cloud.db.insert('feed', [{ _id: 'f1-missed', room: 'f1', text: 'while away' }]);
  alice.faults.setOnline(true);

  const s1 = await rec.snapshot(1);
  expect(changes(s1)).toEqual([['f1-missed', 'add', 'enqueue']]);
  expect(ids(s1.docs)).toEqual(['f1-missed']);
  expect(cloud.realtime.stats()).toMatchObject({ connections: 1, watches: 1 });

  // And it keeps flowing on the new socket.
  await cloud.db.insert('feed', [{ _id: 'f1-after', room: 'f1' }]);
  expect(changes(await rec.snapshot(2))).toEqual([['f1-after', 'add', 'enqueue']]);
  expect(rec.errors).toEqual([]);
  await watcher.close();
});

it('offline: requests fail with a network error, the status listener fires, the watch ends in onError', async () => {
  const bob = client('bob', { maxReconnect: 1, reconnectInterval: 20 });
  const statuses: NetworkStatus[] = [];
  bob.network.onStatusChange((s) => statuses.push(s));
  const rec = new WatchRecorder();
  bob.database().collection('feed').where({ room: 'f2' }).watch(rec);
  await rec.snapshot(0);

  bob.faults.setOnline(false);
  expect(statuses).toEqual([{ isConnected: false, networkType: 'none' }]);
  const err = (await bob
    .database()
    .collection('feed')
    .where({ room: 'f2' })
    .get()
    .catch((e: WxError) => e)) as WxError;
  expect(err).toMatchObject({ errCode: -1, errMsg: 'collection.get:fail request:fail network is offline' });

  const watchErr = await rec.error();
  expect(watchErr.errCode).toBe('SDK_DATABASE_REALTIME_LISTENER_RECONNECT_WATCH_FAIL');

  bob.faults.setOnline(true);
  expect(statuses[1]).toEqual({ isConnected: true, networkType: 'wifi' });
  const again = await bob.database().collection('feed').where({ room: 'f2' }).get();
  expect(again).toEqual({ data: [], errMsg: 'collection.get:ok' });
});

it('failRequests(n) fails the next n requests; delayRequests delays them', async () => {
  const carol = client('carol');
  const feed = carol.database().collection('feed');
  carol.faults.failRequests(1);
  await expect(feed.where({ room: 'f3' }).get()).rejects.toMatchObject({ errMsg: 'collection.get:fail request:fail injected failure' });
  await expect(feed.where({ room: 'f3' }).get()).resolves.toMatchObject({ errMsg: 'collection.get:ok' });
  carol.faults.delayRequests(50);
  const started = Date.now();
  await feed.where({ room: 'f3' }).get();
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  carol.faults.delayRequests(0);
});
