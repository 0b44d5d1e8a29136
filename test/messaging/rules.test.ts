// Security rules on the client path, through the services a phone really uses (and the raw wx.cloud
// where a forged request needs it): non-members can neither write nor read a group's messages, a
// message cannot be written as someone else or as already visible, a muted member cannot write,
// and each refusal ends the outbox's attempts at once (failed with a reason, no retry loop).
import type { LocalCloud } from '../../localcloud/src/cloud';
import { ServiceError } from '../../miniprogram/services/cloud';
import { newClientId } from '../../domain/ids';
import { groupOf, phone, shutdown, startCloud, type Phone } from './support';
import { waitFor } from '../support/wait';
import { isPublished } from '../../miniprogram/stores/timeline';
import { errorText } from '../../miniprogram/utils/reasons';

let cloud: LocalCloud;
let alice: Phone;
let bob: Phone;
let mallory: Phone;
let groupId: string;

beforeAll(async () => {
  cloud = await startCloud();
  alice = await phone(cloud, 'alice');
  bob = await phone(cloud, 'bob');
  mallory = await phone(cloud, 'mallory');
  groupId = await groupOf(alice, [bob], 'Members only');
  const room = await alice.messaging.openRoom(groupId);
  room.send({ text: 'members only' });
  await waitFor(() => room.timeline.messages.some((i) => i.mine && isPublished(i)), 'first message published');
  room.close();
});

afterAll(async () => {
  for (const p of [alice, bob, mallory]) await shutdown(p);
  await cloud.stop();
});

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const err = await promise.then(
    () => {
      throw new Error('was allowed');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

const messagesOf = (conversationId: string) => cloud.db.find('messages', { conversationId });

it('a non-member cannot write: the outbox fails the message with a reason and stops', async () => {
  const countBefore = (await messagesOf(groupId)).length;
  const entry = mallory.messaging.outbox.send({ conversationId: groupId, type: 'text', content: { text: 'let me in' } });
  const failed = await waitFor(() => mallory.messaging.outbox.entriesFor(groupId).find((e) => e.id === entry.id && e.state === 'failed'), 'failed');
  expect(failed).toMatchObject({ errorCode: 'PERMISSION_DENIED', written: false, serverFailures: 0, attempts: 0 });
  expect(failed.reason).toEqual({ code: 'PERMISSION_DENIED' });
  expect(errorText(failed.reason!.code)).toMatch(/不能在这里发言/);
  expect((await messagesOf(groupId)).length).toBe(countBefore);
});

it('a non-member cannot read: get and watch are refused', async () => {
  const err = await refusal(mallory.messaging.cloud.query('messages', { conversationId: groupId }, { limit: 20 }));
  expect(err.code).toBe('PERMISSION_DENIED');
  const watchError = await new Promise<unknown>((resolve) => {
    mallory.messaging.cloud.watch('messages', { conversationId: groupId, status: 'visible' }, { orderBy: ['seq', 'desc'], limit: 20 }, { onChange: () => resolve('changed'), onError: resolve });
  });
  expect((watchError as ServiceError).code).toBe('PERMISSION_DENIED');
  // and not the member documents of the group either
  expect((await refusal(mallory.messaging.cloud.query('members', { conversationId: groupId }))).code).toBe('PERMISSION_DENIED');
});

it('writing as someone else: the server stamps the caller, and only the sender may deliver', async () => {
  const db = bob.wx.database();
  const forged = newClientId();
  await db
    .collection('messages')
    .add({ data: { _id: forged, _openid: 'alice', conversationId: groupId, type: 'text', content: { text: 'I am alice' }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
  const stored = (await cloud.db.find('messages', { _id: forged }))[0];
  expect(stored._openid).toBe('bob');

  const alicePending = newClientId();
  await alice.messaging.cloud.addPendingMessage({ _id: alicePending, conversationId: groupId, type: 'text', content: { text: 'mine' }, clientTime: Date.now() });
  expect((await refusal(bob.messaging.cloud.deliver(alicePending))).code).toBe('FORBIDDEN');
  expect((await cloud.db.find('messages', { _id: alicePending }))[0].status).toBe('pending');
});

it('writing a message as already visible (or changing one) is refused', async () => {
  const db = bob.wx.database();
  const denied = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { errCode: number }) => e.errCode,
    );
  const visible = { _id: newClientId(), conversationId: groupId, type: 'text', content: { text: 'skip review' }, status: 'visible', seq: 999, clientTime: Date.now(), writtenAt: db.serverDate() };
  expect(await denied(db.collection('messages').add({ data: visible }))).toBe(-502003);
  expect((await cloud.db.find('messages', { _id: visible._id })).length).toBe(0);

  const id = newClientId();
  await bob.messaging.cloud.addPendingMessage({ _id: id, conversationId: groupId, type: 'text', content: { text: 'pending' }, clientTime: Date.now() });
  expect(
    await denied(
      db
        .collection('messages')
        .doc(id)
        .update({ data: { status: 'visible', seq: 998 } }),
    ),
  ).toBe(-502003);
  expect((await cloud.db.find('messages', { _id: id }))[0].status).toBe('pending');
});

it('a muted member cannot write: failed at once, nothing stored', async () => {
  await cloud.db.update('members', { _id: `${groupId}_bob` }, { $set: { mutedUntil: Date.now() + 3_600_000 } });
  const countBefore = (await messagesOf(groupId)).length;
  const room = await bob.messaging.openRoom(groupId);
  const entry = room.send({ text: 'can you hear me' });
  const item = await waitFor(() => room.timeline.messages.find((i) => i.id === entry.id && i.status === 'failed'), 'failed item');
  expect(item.reason).toEqual({ code: 'PERMISSION_DENIED' });
  expect((await messagesOf(groupId)).length).toBe(countBefore);
  room.close();
  await cloud.db.update('members', { _id: `${groupId}_bob` }, { $set: { mutedUntil: 0 } });

  // unmuted, the user taps resend and it goes through
  const again = await bob.messaging.openRoom(groupId);
  again.resend(entry.id);
  await waitFor(() => again.timeline.messages.find((i) => i.id === entry.id && isPublished(i)), 'published after resend');
  again.close();
});

it("a member reads published messages only: another member's unpublished message stays its sender's", async () => {
  // Bob's message waits for review (as a held message does): it has no seq and is not visible.
  const heldId = newClientId();
  await cloud.db.insert('messages', [
    { _id: heldId, _openid: 'bob', conversationId: groupId, type: 'text', content: { text: 'under review' }, status: 'held', clientTime: Date.now(), writtenAt: new Date() },
  ]);
  const crafted = await refusal(alice.messaging.cloud.query('messages', { conversationId: groupId, status: 'held' }, { limit: 20 }));
  expect(crafted.code).toBe('PERMISSION_DENIED');
  expect((await refusal(alice.messaging.cloud.query('messages', { conversationId: groupId }, { limit: 20 }))).code).toBe('PERMISSION_DENIED');
  const published = await alice.messaging.cloud.query<{ _id: string }>('messages', { conversationId: groupId, status: 'visible' }, { limit: 20 });
  const visible = await cloud.db.find('messages', { conversationId: groupId, status: 'visible' });
  expect(published.map((m) => m._id).sort()).toEqual(visible.map((m) => m._id).sort());
  expect(published.map((m) => m._id)).not.toContain(heldId);
  const own = await bob.messaging.cloud.query<{ _id: string }>('messages', { conversationId: groupId, status: 'held', _openid: '{openid}' }, { limit: 20 });
  expect(own.map((m) => m._id)).toEqual([heldId]);
});
