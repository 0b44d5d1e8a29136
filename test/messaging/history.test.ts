// "New members see history from before they joined" switched off, enforced where CloudBase enforces
// reads: the messages read rule admits a query only if it says `seq > joinedSeq` (database/
// messages.json). A member who joins afterwards cannot read older messages by any route (get by
// id, a where without the bound, a watch), reads newer ones, and the real engine's room shows only
// what came after joining, live and after a trip to the background. Earlier members keep what they
// had; with the setting back on, everything is readable again.
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { WxError } from '../../localcloud/src/client';
import type { ChatRoom } from '../../miniprogram/services/chatRoom';
import { groupOf, joinGroup, phone, setSendingLimits, shutdown, startCloud, texts, type Phone } from './support';
import { waitFor } from '../support/wait';

let cloud: LocalCloud;
let alice: Phone;
let bob: Phone;
let carol: Phone;
let groupId: string;
let bobRoom: ChatRoom;
const rooms: ChatRoom[] = [];

beforeAll(async () => {
  cloud = await startCloud();
  await setSendingLimits(cloud, { messages: 1000, windowSeconds: 10 });
  [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((id) => phone(cloud, id)));
  groupId = await groupOf(alice, [bob]);
  // Bob's room is open (an unbounded watch) when the setting changes under it.
  bobRoom = await open(bob);
});

afterAll(async () => {
  rooms.forEach((r) => r.close());
  for (const p of [alice, bob, carol]) await shutdown(p);
  await cloud.stop();
});

async function aliceSends(...lines: string[]): Promise<void> {
  for (const text of lines) alice.messaging.outbox.send({ conversationId: groupId, type: 'text', content: { text } });
  await waitFor(() => alice.messaging.outbox.size === 0, 'alice outbox drained');
}

async function setHistoryForNewMembers(on: boolean): Promise<void> {
  const { result } = await alice.wx.callFunction({ name: 'groups', data: { action: 'update', conversationId: groupId, settings: { historyForNewMembers: on } } });
  expect(result).toMatchObject({ ok: true });
}

async function joinedSeqOf(openid: string): Promise<number> {
  return (await cloud.db.find('members', { _id: `${groupId}_${openid}` }))[0].joinedSeq as number;
}

async function open(p: Phone): Promise<ChatRoom> {
  const room = await p.messaging.openRoom(groupId);
  rooms.push(room);
  await waitFor(() => room.timeline.syncState === 'live', `${p.openid} live`);
  return room;
}

const denied = (promise: Promise<unknown>): Promise<WxError> =>
  promise.then(
    () => {
      throw new Error('expected a permission denial');
    },
    (e: WxError) => e,
  );

it('a member who joined after history was hidden reads only what came after joining', async () => {
  await aliceSends('before-1', 'before-2');
  const [before1] = await cloud.db.find('messages', { conversationId: groupId, 'content.text': 'before-1' });
  await setHistoryForNewMembers(false);
  await joinGroup(carol, groupId);
  const joinedSeq = await joinedSeqOf('carol');
  expect(joinedSeq).toBeGreaterThan(before1.seq as number);
  await aliceSends('after-1', 'after-2');

  const db = carol.wx.database();
  const _ = db.command;
  const messages = db.collection('messages');
  // Older messages by every route: denied, not filtered.
  expect((await denied(messages.doc(before1._id as string).get())).errCode).toBe(-502003);
  expect((await denied(messages.where({ _id: before1._id, conversationId: groupId }).get())).errCode).toBe(-502003);
  expect((await denied(messages.where({ conversationId: groupId, status: 'visible' }).get())).errCode).toBe(-502003);
  expect((await denied(messages.where({ conversationId: groupId, seq: _.gt(joinedSeq - 1) }).get())).errCode).toBe(-502003);
  expect((await denied(messages.where({ conversationId: groupId, seq: _.gte(joinedSeq) }).get())).errCode).toBe(-502003);
  const watchError = await new Promise<unknown>((resolve) => {
    const w = messages.where({ conversationId: groupId, status: 'visible' }).watch({ onChange: () => undefined, onError: resolve });
    void w;
  });
  expect(String((watchError as { errMsg?: string; message?: string }).errMsg ?? (watchError as Error).message)).toMatch(/permission/i);

  // Newer ones, with the bound the rule asks for.
  const newer = await messages
    .where({ conversationId: groupId, seq: _.gt(joinedSeq) })
    .orderBy('seq', 'asc')
    .get();
  const chat = (newer.data as Array<{ type: string; content?: { text?: string } }>).filter((m) => m.type !== 'system'); // carol's own "joined" is after joinedSeq too
  expect(texts(chat)).toEqual(['after-1', 'after-2']);
  const between = await messages.where({ conversationId: groupId, seq: _.and(_.gt(joinedSeq), _.lt(joinedSeq + 100)) }).get();
  expect(between.data.length).toBe(newer.data.length);
});

it("the engine's room shows only messages after joining, live and after a trip to the background", async () => {
  const room = await open(carol);
  const joinedSeq = await joinedSeqOf('carol');
  await waitFor(() => texts(room.timeline.messages).includes('after-2'), 'carol sees after-2');
  expect(room.timeline.messages.every((i) => (i.seq ?? 0) > joinedSeq)).toBe(true);
  expect(texts(room.timeline.messages)).not.toContain('before-1');
  expect(await room.loadOlder()).toBe(0);

  await aliceSends('live-1');
  await waitFor(() => texts(room.timeline.messages).includes('live-1'), 'carol sees live-1');
  carol.lifecycle.hide();
  await waitFor(() => room.timeline.syncState === 'paused', 'carol paused');
  await aliceSends('while-away');
  carol.lifecycle.show();
  await waitFor(() => texts(room.timeline.messages).includes('while-away'), 'carol catches up by seq');
  expect(room.timeline.messages.every((i) => (i.seq ?? 0) > joinedSeq)).toBe(true);
  expect(new Set(room.timeline.messages.map((i) => i.id)).size).toBe(room.timeline.messages.length);
});

it('an earlier member keeps everything since they joined, in a room open across the change', async () => {
  await waitFor(() => texts(bobRoom.timeline.messages).includes('while-away'), 'bob sees the latest');
  expect(texts(bobRoom.timeline.messages).filter((t) => /^(before|after|live|while)/.test(t))).toEqual(['before-1', 'before-2', 'after-1', 'after-2', 'live-1', 'while-away']);
  const reopened = await open(bob);
  await waitFor(() => texts(reopened.timeline.messages).includes('while-away'), 'bob reopens');
  expect(texts(reopened.timeline.messages)).toContain('before-1');
});

it('with the setting back on, the late member reads everything', async () => {
  await setHistoryForNewMembers(true);
  const all = await carol.wx.database().collection('messages').where({ conversationId: groupId, status: 'visible' }).orderBy('seq', 'asc').get();
  expect(texts(all.data as Array<{ content?: { text?: string } }>)).toEqual(expect.arrayContaining(['before-1', 'before-2', 'after-1']));
});
