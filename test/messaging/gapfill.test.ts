// A room stays complete whatever happens to its watch: an injected socket drop (the 1.4.3 client
// rebuilds and replays), a dead network and a trip to the background while more than a page of
// messages arrives (closed watch, then gap filled by seq pages before the watch resumes), and
// older history paged by seq when scrolling up. Every case ends with seqs 1..n, each once.
import { reaction } from 'mobx-miniprogram';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { ChatRoom } from '../../miniprogram/services/chatRoom';
import { groupOf, joinGroup, phone, setSendingLimits, shutdown, startCloud, texts, type Phone } from './support';
import { waitFor } from '../support/wait';

let cloud: LocalCloud;
let alice: Phone;
let bob: Phone;
let groupId: string;
let bobRoom: ChatRoom;
let sent = 0;

beforeAll(async () => {
  cloud = await startCloud();
  await setSendingLimits(cloud, { messages: 1000, windowSeconds: 10 });
  alice = await phone(cloud, 'alice');
  bob = await phone(cloud, 'bob');
  groupId = await groupOf(alice, [bob]);
  bobRoom = await bob.messaging.openRoom(groupId);
  await waitFor(() => bobRoom.timeline.syncState === 'live', 'bob live');
});

afterAll(async () => {
  bobRoom.close();
  for (const p of [alice, bob]) await shutdown(p);
  await cloud.stop();
});

/** alice sends `n` numbered messages and waits until the server has them all. */
async function aliceSends(n: number): Promise<void> {
  for (let i = 0; i < n; i++) alice.messaging.outbox.send({ conversationId: groupId, type: 'text', content: { text: `m${++sent}` } });
  await waitFor(() => alice.messaging.outbox.size === 0, 'alice outbox drained', 20_000);
}

async function conversationSeq(): Promise<number> {
  return (await cloud.db.find('conversations', { _id: groupId }))[0].seq as number;
}

/** bob's window holds every seq from `from` to the conversation's last, each once, in order. */
async function expectComplete(from = 1): Promise<void> {
  const last = await conversationSeq();
  await waitFor(
    () => bobRoom.timeline.lastSeq === last,
    () => `bob reaches seq ${last} (at ${bobRoom.timeline.lastSeq})`,
  );
  const seqs = bobRoom.timeline.messages.map((i) => i.seq);
  expect(seqs).toEqual(Array.from({ length: last - from + 1 }, (_, i) => from + i));
  expect(new Set(bobRoom.timeline.messages.map((i) => i.id)).size).toBe(seqs.length);
}

it('an injected watch drop: the SDK rebuilds, nothing missed or doubled', async () => {
  await aliceSends(3);
  await expectComplete();
  bob.wx.faults.dropWatches();
  await aliceSends(5);
  await expectComplete();
});

it('offline while 45 messages arrive: back online the gap is filled by seq pages, then live again', async () => {
  bob.wx.faults.setOnline(false);
  await waitFor(() => bobRoom.timeline.syncState === 'offline', 'bob room offline');
  await aliceSends(45); // more than two pages of 20, and more than the watch's window of 20
  bob.wx.faults.setOnline(true);
  await expectComplete();
  await waitFor(() => bobRoom.timeline.syncState === 'live', 'bob live again');
  // and it keeps receiving live
  await aliceSends(2);
  await expectComplete();
});

it('hidden while 25 arrive: the watch is closed, and on show the gap is filled before resuming', async () => {
  bob.lifecycle.hide();
  expect(bobRoom.timeline.syncState).toBe('paused');
  await aliceSends(25);
  expect(bobRoom.timeline.lastSeq).toBe((await conversationSeq()) - 25); // nothing arrived while hidden
  bob.lifecycle.show();
  await expectComplete();
  await waitFor(() => bobRoom.timeline.syncState === 'live', 'bob live after show');
});

it('the SDK gives up reconnecting (requests refused): onError or the open watchdog, reconnect with backoff, gap filled', async () => {
  const states: string[] = [];
  const stop = reaction(
    () => bobRoom.timeline.syncState,
    (s) => states.push(s),
  );
  bob.wx.faults.failRequests(12); // the next 12 requests fail: sign-in for the socket, gap pages...
  bob.wx.faults.dropWatches();
  await aliceSends(25);
  await expectComplete();
  await waitFor(() => bobRoom.timeline.syncState === 'live', 'bob live after errors');
  stop();
  expect(states).toContain('reconnecting');
});

it('a fresh room shows the newest 20 and pages older history by 20 until the first message', async () => {
  const carol = await phone(cloud, 'carol');
  await joinGroup(carol, groupId);
  const last = await conversationSeq(); // carol's "joined" system message is the newest
  const room = await carol.messaging.openRoom(groupId);
  await waitFor(() => room.timeline.messages.length === 20, 'newest 20');
  expect(room.timeline.messages.map((i) => i.seq)).toEqual(Array.from({ length: 20 }, (_, i) => last - 19 + i));
  const prepends: number[] = [];
  room.timeline.subscribe((ops) => ops.forEach((o) => o.op === 'prepend' && prepends.push(o.messages.length)));
  while (room.timeline.hasOlder) await room.loadOlder();
  expect(room.timeline.messages.map((i) => i.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  expect(texts(room.timeline.messages.filter((m) => m.type !== 'system')).slice(0, 2)).toEqual(['m1', 'm2']); // after the group's own system messages
  expect(prepends.slice(0, -1).every((n) => n === 20)).toBe(true);
  room.close();
  await shutdown(carol);
});
