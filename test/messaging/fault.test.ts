// The fault test: five phones in one group send 1,000 messages between them while their watch
// sockets are dropped and their requests fail at random. Afterwards every phone shows all 1,000,
// none twice, all in the same order (by seq), and the database holds each exactly once.
// Bounded: 200 messages per phone, faults for as long as the sending lasts, 170 s in all at most.
// The sending takes about a minute on a 2-core machine: one room's deliveries serialise on its seq
// (about 17 messages/s, the busy-room limit of "Delivery at community scale"), so the bound leaves
// room for a loaded CI machine rather than sitting just above the usual time.
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { ChatRoom } from '../../miniprogram/services/chatRoom';
import { groupOf, phone, setSendingLimits, shutdown, startCloud, type Phone } from './support';
import { waitFor } from '../support/wait';
import { isPublished } from '../../miniprogram/stores/timeline';

const PHONES = 5;
const PER_PHONE = 200;
const TOTAL = PHONES * PER_PHONE;
const FAIL_RATE = 0.1;
const DROP_EVERY_MS = 400;

let cloud: LocalCloud;
const phones: Phone[] = [];
let rooms: ChatRoom[] = [];

beforeAll(async () => {
  cloud = await startCloud();
  await setSendingLimits(cloud, { messages: 100_000, windowSeconds: 10 });
  for (let i = 0; i < PHONES; i++) phones.push(await phone(cloud, `user${i}`));
});

afterAll(async () => {
  rooms.forEach((r) => r.close());
  for (const p of phones) await shutdown(p);
  await cloud.stop();
});

it(`${PHONES} phones, ${TOTAL} messages, dropped watches and failing requests: everyone ends with the same ${TOTAL}, once each`, async () => {
  const groupId = await groupOf(phones[0], phones.slice(1), 'Stormy');
  rooms = await Promise.all(phones.map((p) => p.messaging.openRoom(groupId)));
  await waitFor(() => rooms.every((r) => r.timeline.syncState === 'live'), 'rooms live');
  const startSeq = (await cloud.db.find('conversations', { _id: groupId }))[0].seq as number;

  const started = Date.now();
  let drops = 0;
  phones.forEach((p) => p.wx.faults.failRequests(FAIL_RATE));
  const dropper = setInterval(() => {
    phones[Math.floor(Math.random() * PHONES)].wx.faults.dropWatches();
    drops++;
  }, DROP_EVERY_MS);

  // Everyone types at once: 200 each, as fast as the outbox takes them.
  const composed = new Set<string>();
  phones.forEach((p, n) => {
    for (let i = 0; i < PER_PHONE; i++) composed.add(rooms[n].send({ text: `u${n}-${i}` }).id);
  });
  expect(composed.size).toBe(TOTAL);

  try {
    await waitFor(
      () => phones.every((p) => p.messaging.outbox.size === 0),
      () => `outboxes drained (${phones.map((p) => p.messaging.outbox.size).join(', ')} left)`,
      150_000,
    );
  } finally {
    clearInterval(dropper);
    phones.forEach((p) => p.wx.faults.failRequests(0));
  }
  const sendingMs = Date.now() - started;

  const lastSeq = startSeq + TOTAL;
  await waitFor(
    () => rooms.every((r) => r.timeline.lastSeq >= lastSeq && r.timeline.messages.filter((i) => composed.has(i.id)).length === TOTAL),
    () => `every room complete (${rooms.map((r) => r.timeline.messages.filter((i) => composed.has(i.id)).length).join(', ')})`,
    15_000,
  );

  const stored = await cloud.db.find('messages', { conversationId: groupId, seq: { $gt: startSeq } }, { sort: { seq: 1 } });
  expect(stored).toHaveLength(TOTAL);
  expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => startSeq + 1 + i));
  expect(new Set(stored.map((m) => m._id as string))).toEqual(composed);
  const truth = stored.map((m) => m._id as string);

  for (const room of rooms) {
    const mine = room.timeline.messages.filter((i) => composed.has(i.id));
    expect(mine.map((i) => i.id)).toEqual(truth); // same order everywhere, none missing, none twice
    expect(mine.every((i) => isPublished(i))).toBe(true);
    expect(new Set(room.timeline.messages.map((i) => i.id)).size).toBe(room.timeline.messages.length);
  }
  // each phone's own messages went out in the order they were typed
  phones.forEach((_, n) => {
    const own = stored.filter((m) => m._openid === `user${n}`).map((m) => (m.content as { text: string }).text);
    expect(own).toEqual(Array.from({ length: PER_PHONE }, (_, i) => `u${n}-${i}`));
  });
  console.info(`fault test: ${TOTAL} messages from ${PHONES} phones in ${(sendingMs / 1000).toFixed(1)} s with ${drops} watch drops and ${FAIL_RATE * 100}% failing requests`);
}, 180_000);
