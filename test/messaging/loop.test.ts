// The whole loop with several users, each a phone with the real services, stores and wx.cloud shim
// against the local cloud and the real functions: send with local echo, live receipt, ticks
// sent -> delivered -> read, unread counts and the badge, their clearing (also on the user's other
// device), pinned/muted, "read by k", and the same truths after a restart (online and offline).
import type { LocalCloud } from '../../localcloud/src/cloud';
import { isPublished, type TimelineOp } from '../../miniprogram/stores/timeline';
import { phone, restart, shutdown, startCloud, texts, groupOf, type Phone } from './support';
import { waitFor } from '../support/wait';

let cloud: LocalCloud;
let alice: Phone;
let bob: Phone;
let carol: Phone;
let directId: string;
let groupId: string;

beforeAll(async () => {
  cloud = await startCloud();
  alice = await phone(cloud, 'alice');
  bob = await phone(cloud, 'bob');
  carol = await phone(cloud, 'carol');
  directId = (await alice.messaging.openDirect('bob')).conversationId;
  groupId = await groupOf(carol, [alice, bob], 'Hikers');
});

afterAll(async () => {
  for (const p of [alice, bob, carol]) await shutdown(p);
  await cloud.stop();
});

it('lists both conversations live, with titles', async () => {
  const rows = await waitFor(() => alice.messaging.conversations.rows.length === 2 && alice.messaging.conversations.rows, 'alice sees 2 conversations');
  const direct = rows.find((r) => r.id === directId)!;
  expect(direct.type).toBe('direct');
  expect(direct.peerId).toBe('bob');
  await waitFor(() => alice.messaging.conversations.rows.find((r) => r.id === directId)?.title, 'the peer title');
  expect(alice.messaging.conversations.rows.find((r) => r.id === groupId)?.title).toBe('Hikers');
  expect(alice.messaging.conversations.totalUnread).toBe(0);
  expect(alice.messaging.conversations.badgeText).toBe('');
});

it('direct chat: local echo at once, live on the other phone, status visible -> delivered -> read, unread cleared', async () => {
  const room = await alice.messaging.openRoom(directId);
  const ops: TimelineOp[] = [];
  room.timeline.subscribe((batch) => ops.push(...batch));
  await waitFor(() => room.timeline.syncState === 'live', 'alice room live');

  const echo = room.send({ text: 'hello bob' });
  // shown before any network round trip
  expect(room.timeline.messages.map((i) => i.id)).toEqual([echo.id]);
  expect(['queued', 'sending']).toContain(room.timeline.messages[0].status);
  expect(ops[0]).toMatchObject({ op: 'insert', index: 0 });

  const delivered = await waitFor(() => isPublished(room.timeline.messages[0] ?? { status: 'queued' }) && room.timeline.messages[0], 'alice message published');
  expect(delivered.seq).toBe(1);
  expect(room.timeline.messages).toHaveLength(1); // the published version replaced the echo (same _id)
  // every later change was an update of index 0, never a re-sent list
  expect(ops.slice(1).every((o) => o.op === 'update' && o.index === 0)).toBe(true);

  // bob's list: unread 1 with the preview, badge 1
  const bobRow = await waitFor(() => bob.messaging.conversations.rows.find((r) => r.id === directId && r.unread === 1), 'bob unread 1');
  expect(bobRow.preview).toBe('hello bob');
  expect(bob.messaging.conversations.badgeText).toBe('1');
  // bob's device got it: alice's message turns delivered (bob's list marks direct chats delivered)
  await waitFor(
    () => room.timeline.messages[0].status === 'delivered',
    () => `delivered, is ${room.timeline.messages[0].status}`,
  );

  // bob's second device (same user, its own storage) shows the same count
  const bobTablet = await phone(cloud, 'bob');
  await waitFor(() => bobTablet.messaging.conversations.rows.find((r) => r.id === directId)?.unread === 1, 'tablet unread 1');

  const bobRoom = await bob.messaging.openRoom(directId);
  await waitFor(() => bobRoom.timeline.messages.length === 1, 'bob room shows the message');
  expect(bobRoom.timeline.messages[0]).toMatchObject({ id: echo.id, seq: 1, mine: false, status: 'visible' });
  bobRoom.reportVisible(1);
  expect(bob.messaging.conversations.rows.find((r) => r.id === directId)?.unread).toBe(0); // at once
  await waitFor(() => room.timeline.messages[0].status === 'read', 'read');
  // read on the phone, cleared on the tablet: the count is the server's seq - lastReadSeq
  await waitFor(() => bobTablet.messaging.conversations.rows.find((r) => r.id === directId)?.unread === 0, 'tablet unread cleared');
  expect(bobTablet.messaging.conversations.badgeText).toBe('');
  await shutdown(bobTablet);
  const member = (await cloud.db.find('members', { _id: `${directId}_bob` }))[0];
  expect(member.lastReadSeq).toBe(1);

  // a reply comes back live into alice's open room
  bobRoom.send({ text: 'hi alice' });
  await waitFor(() => room.timeline.messages.length === 2, 'reply arrives');
  expect(texts(room.timeline.messages)).toEqual(['hello bob', 'hi alice']);
  expect(room.timeline.messages[1]).toMatchObject({ seq: 2, mine: false });
  bobRoom.close();
  room.close();
});

it('group: unread per conversation and total, muted out of the badge, pinned first, read by k', async () => {
  const carolRoom = await carol.messaging.openRoom(groupId);
  await waitFor(() => carolRoom.timeline.syncState === 'live', 'carol room live');
  // Joins may publish system messages into the group's timeline: count from where it stands.
  const list = alice.messaging.conversations;
  const base = list.rows.find((r) => r.id === groupId)!.unread;
  const before = carolRoom.timeline.lastSeq;
  for (const t of ['one', 'two', 'three']) carolRoom.send({ text: t });
  const mine = () => carolRoom.timeline.messages.filter((i) => i.mine);
  await waitFor(() => mine().filter((i) => isPublished(i)).length === 3, 'carol 3 published');
  expect(mine().map((i) => i.seq)).toEqual([before + 1, before + 2, before + 3]);
  expect(texts(mine())).toEqual(['one', 'two', 'three']);
  expect(mine().every((i) => i.status === 'visible')).toBe(true); // groups: no per-peer delivered/read

  await waitFor(() => list.rows.find((r) => r.id === groupId)?.unread === base + 3, 'alice group unread +3');
  // alice read bob's reply? no: direct has 1 unread (bob's "hi alice"), group 3
  expect(list.rows.find((r) => r.id === directId)?.unread).toBe(1);
  expect(list.totalUnread).toBe(base + 4);
  expect(list.rows[0].id).toBe(groupId); // newest activity first

  await alice.messaging.setPreferences(groupId, { muted: true });
  await waitFor(() => list.totalUnread === 1, 'muted group leaves the badge');
  expect(list.rows.find((r) => r.id === groupId)?.unread).toBe(base + 3); // still counted on its row
  await alice.messaging.setPreferences(directId, { pinned: true });
  await waitFor(() => list.rows[0].id === directId, 'pinned first');

  const aliceRoom = await alice.messaging.openRoom(groupId);
  await waitFor(() => aliceRoom.timeline.lastSeq === before + 3, 'alice sees the history');
  aliceRoom.reportVisible(before + 2);
  await alice.messaging.receipts.flush();
  expect((await carolRoom.readers(before + 2)).total).toBe(1);
  expect((await carolRoom.readers(before + 2)).readers.map((r) => r.openid)).toEqual(['alice']);
  expect((await carolRoom.readers(before + 3)).total).toBe(0);
  expect(list.rows.find((r) => r.id === groupId)?.unread).toBe(1);
  aliceRoom.close();
  carolRoom.close();
});

it('after a restart the list is the server truth; offline it draws from the cache', async () => {
  const group = (await cloud.db.find('conversations', { _id: groupId }))[0];
  const bobMember = (await cloud.db.find('members', { _id: `${groupId}_bob` }))[0];
  const serverUnread = (group.seq as number) - (bobMember.lastReadSeq as number);
  expect(serverUnread).toBeGreaterThanOrEqual(3);
  await waitFor(() => bob.messaging.conversations.rows.find((r) => r.id === groupId)?.unread === serverUnread, 'bob group unread');
  bob = await restart(cloud, bob);
  // the cached list is drawn before any network answer, then confirmed by the watches
  expect(bob.messaging.conversations.rows.find((r) => r.id === groupId)?.unread).toBe(serverUnread);
  const rows = await waitFor(() => bob.messaging.conversations.rows.length === 2 && bob.messaging.conversations.rows, 'bob list after restart');
  expect(rows.find((r) => r.id === groupId)?.unread).toBe(serverUnread);
  expect(rows.find((r) => r.id === directId)?.unread).toBe(0); // read before the restart: stays read

  // alice, offline at launch: cached profile and list, same counts as before
  await waitFor(() => alice.messaging.conversations.rows.find((r) => r.id === groupId)?.unread === 1, 'alice before restart');
  await shutdown(alice);
  const offline = await phone(cloud, 'alice', { storage: alice.storage, noStart: true });
  offline.wx.faults.setOnline(false);
  const session = await offline.messaging.start();
  expect(session).toMatchObject({ openid: 'alice', fresh: false });
  const cached = offline.messaging.conversations.rows;
  expect(cached.map((r) => [r.id, r.unread, r.pinned, r.muted])).toEqual([
    [directId, 1, true, false],
    [groupId, 1, false, true],
  ]);
  expect(offline.messaging.conversations.totalUnread).toBe(1);
  offline.wx.faults.setOnline(true);
  alice = offline;
  await waitFor(() => alice.messaging.conversations.rows.find((r) => r.id === groupId)?.unread === 1, 'alice back online');
});
