// The outbox across a dead network: messages composed offline are queued (and shown) in order,
// survive a restart of the app, and go out when the network returns, in compose order, each once;
// failing requests are retried with backoff without doubling anything.
import type { LocalCloud } from '../../localcloud/src/cloud';
import { groupOf, phone, restart, setSendingLimits, shutdown, startCloud, texts, type Phone } from './support';
import { waitFor } from '../support/wait';
import { isPublished } from '../../miniprogram/stores/timeline';

let cloud: LocalCloud;
let alice: Phone;
let bob: Phone;
let groupId: string;

beforeAll(async () => {
  cloud = await startCloud();
  // 6 messages per 2 s per user: low enough for the last test to meet it, high enough to keep it short.
  await setSendingLimits(cloud, { messages: 6, windowSeconds: 2 });
  alice = await phone(cloud, 'alice');
  bob = await phone(cloud, 'bob');
  groupId = await groupOf(alice, [bob]);
});

afterAll(async () => {
  for (const p of [alice, bob]) await shutdown(p);
  await cloud.stop();
});

const aliceTexts = async () =>
  (await cloud.db.find('messages', { conversationId: groupId, _openid: 'alice' }, { sort: { seq: 1 } }))
    .filter((m) => m.type !== 'system')
    .map((m) => [(m.content as { text: string }).text, m.status]);

it('offline: 5 composed are queued in order; back online they go out in order, once each', async () => {
  const room = await alice.messaging.openRoom(groupId);
  const bobRoom = await bob.messaging.openRoom(groupId);
  await waitFor(() => room.timeline.syncState === 'live' && bobRoom.timeline.syncState === 'live', 'rooms live');

  alice.wx.faults.setOnline(false);
  const words = ['a1', 'a2', 'a3', 'a4', 'a5'];
  for (const w of words) room.send({ text: w });
  expect(texts(room.timeline.messages)).toEqual(words);
  expect(room.timeline.messages.filter((i) => i.type !== 'system').every((i) => i.status === 'queued')).toBe(true); // the group's own system messages are published
  // bob talks meanwhile: his messages take seqs first
  bobRoom.send({ text: 'b1' });
  await waitFor(() => bobRoom.timeline.messages.some((i) => i.mine && isPublished(i)), 'b1 published'); // his own: the group's system lines are published already
  expect(await aliceTexts()).toEqual([]);

  alice.wx.faults.setOnline(true);
  await waitFor(() => room.timeline.messages.filter((i) => i.mine && isPublished(i)).length === 5, 'all 5 published');
  expect(await aliceTexts()).toEqual(words.map((w) => [w, 'visible']));
  const mine = room.timeline.messages.filter((i) => i.mine);
  const seqs = mine.map((i) => i.seq!);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  // bob sees them in the same order, after his own
  await waitFor(() => texts(bobRoom.timeline.messages).length === 6, 'bob sees 6');
  expect(texts(bobRoom.timeline.messages)).toEqual(['b1', ...words]);
  expect(new Set(bobRoom.timeline.messages.map((i) => i.id)).size).toBe(bobRoom.timeline.messages.length);
  room.close();
  bobRoom.close();
});

it('composed offline, app killed, relaunched online: the stored outbox is sent', async () => {
  alice.wx.faults.setOnline(false);
  alice.messaging.outbox.send({ conversationId: groupId, type: 'text', content: { text: 'k1' } });
  alice.messaging.outbox.send({ conversationId: groupId, type: 'text', content: { text: 'k2' } });
  expect(alice.messaging.outbox.size).toBe(2);
  alice = await restart(cloud, alice);
  expect(alice.messaging.outbox.entriesFor(groupId).map((e) => e.content?.text)).toEqual(['k1', 'k2']);
  await waitFor(() => alice.messaging.outbox.size === 0, 'sent after relaunch');
  expect((await aliceTexts()).slice(-2)).toEqual([
    ['k1', 'visible'],
    ['k2', 'visible'],
  ]);
});

it('requests failing at random are retried with backoff; nothing is doubled or reordered', async () => {
  const room = await alice.messaging.openRoom(groupId);
  await waitFor(() => room.timeline.syncState === 'live', 'room live');
  const waitedFor = new Set<string>();
  alice.messaging.outbox.subscribe((e) => e.errorCode && waitedFor.add(e.errorCode));
  alice.wx.faults.failRequests(0.4);
  const words = Array.from({ length: 12 }, (_, i) => `r${i}`);
  for (const w of words) room.send({ text: w });
  await waitFor(
    () => alice.messaging.outbox.size === 0,
    () => `outbox drained (${alice.messaging.outbox.size} left)`,
    30_000,
  );
  expect(waitedFor.has('NETWORK')).toBe(true);
  alice.wx.faults.failRequests(0);
  expect((await aliceTexts()).slice(-12)).toEqual(words.map((w) => [w, 'visible']));
  expect(await cloud.db.count('messages', { conversationId: groupId, _openid: 'alice' })).toBe(5 + 2 + 12);
  await waitFor(() => room.timeline.messages.filter((i) => words.includes(i.content?.text ?? '')).every((i) => isPublished(i)), 'room shows them published');
  room.close();
});

it("over the sending limit: messages wait for the server's retry-after and go out in order", async () => {
  const waitedFor = new Set<string>();
  bob.messaging.outbox.subscribe((e) => e.errorCode && waitedFor.add(e.errorCode));
  const words = Array.from({ length: 8 }, (_, i) => `limit${i}`);
  for (const w of words) bob.messaging.outbox.send({ conversationId: groupId, type: 'text', content: { text: w } });
  await waitFor(() => bob.messaging.outbox.size === 0, 'bob outbox drained', 15_000);
  expect(waitedFor).toEqual(new Set(['RATE_LIMITED'])); // 8 > 6 per 2 s
  const sent = await cloud.db.find('messages', { conversationId: groupId, _openid: 'bob', 'content.text': { $regex: '^limit' } }, { sort: { seq: 1 } });
  expect(sent.map((m) => [(m.content as { text: string }).text, m.status])).toEqual(words.map((w) => [w, 'visible']));
});
