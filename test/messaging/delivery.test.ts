// Nothing doubled: delivering twice and adding twice leave one message with one seq; an outbox
// that restarts after its write landed goes on to deliver (duplicate _id) rather than writing again;
// and the sweep publishes what a client wrote but never delivered, once the grace period is over.
import type { LocalCloud } from '../../localcloud/src/cloud';
import { newClientId } from '../../domain/ids';
import { SWEEP_GRACE_MS } from '../../domain/server/sweep';
import type { OutboxEntry } from '../../miniprogram/services/outbox';
import { groupOf, MemoryStorage, phone, shutdown, startCloud, type Phone } from './support';
import { waitFor } from '../support/wait';

let cloud: LocalCloud;
let alice: Phone;
let bob: Phone;
let groupId: string;

beforeAll(async () => {
  cloud = await startCloud();
  alice = await phone(cloud, 'alice');
  bob = await phone(cloud, 'bob');
  groupId = await groupOf(alice, [bob]);
});

afterAll(async () => {
  for (const p of [alice, bob]) await shutdown(p);
  await cloud.stop();
});

const seqOf = async (id: string) => (await cloud.db.find('conversations', { _id: id }))[0].seq as number;

it('deliver twice (in a row and at once): one seq, the same answer', async () => {
  const id = newClientId();
  await alice.messaging.cloud.addPendingMessage({ _id: id, conversationId: groupId, type: 'text', content: { text: 'once' }, clientTime: Date.now() });
  const before = await seqOf(groupId);
  const [a, b] = await Promise.all([alice.messaging.cloud.deliver(id), alice.messaging.cloud.deliver(id)]);
  const c = await alice.messaging.cloud.deliver(id);
  expect(a).toEqual({ messageId: id, status: 'visible', seq: before + 1 });
  expect(b.seq).toBe(before + 1);
  expect(c.seq).toBe(before + 1);
  expect(await seqOf(groupId)).toBe(before + 1);
});

it('add twice: the second is a duplicate and nothing is doubled', async () => {
  const id = newClientId();
  const message = { _id: id, conversationId: groupId, type: 'text' as const, content: { text: 'twice' }, clientTime: Date.now() };
  await alice.messaging.cloud.addPendingMessage(message);
  await expect(alice.messaging.cloud.addPendingMessage(message)).rejects.toMatchObject({ code: 'DUPLICATE' });
  expect(await cloud.db.count('messages', { _id: id })).toBe(1);
});

it('an outbox restarted after its write landed delivers that write, never a second message', async () => {
  // The previous run wrote the pending document, then the app died before recording it.
  const id = newClientId();
  await alice.messaging.cloud.addPendingMessage({ _id: id, conversationId: groupId, type: 'text', content: { text: 'landed' }, clientTime: 1 });
  const storage = new MemoryStorage();
  const entry: OutboxEntry = {
    id,
    conversationId: groupId,
    senderId: 'alice',
    type: 'text',
    content: { text: 'landed' },
    clientTime: 1,
    afterSeq: 0,
    state: 'sending',
    written: false,
    attempts: 0,
    serverFailures: 0,
  };
  storage.set('outbox:alice', [entry]);
  storage.set('session:profile', alice.storage.get('session:profile'));
  const relaunched = await phone(cloud, 'alice', { storage });
  await waitFor(() => relaunched.messaging.outbox.size === 0, 'outbox drained');
  const stored = await cloud.db.find('messages', { _id: id });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ status: 'visible', _openid: 'alice' });
  expect(await cloud.db.count('messages', { conversationId: groupId, 'content.text': 'landed' })).toBe(1);
  await shutdown(relaunched);
});

it('the sweep publishes a pending message older than the grace period, and leaves a fresh one', async () => {
  const room = await bob.messaging.openRoom(groupId);
  await waitFor(() => room.timeline.syncState === 'live', 'bob room live');
  const stale = newClientId();
  const fresh = newClientId();
  // Server-side inserts (the admin path): a write whose writtenAt is past the grace, as if the
  // sender lost its network right after writing; and one written just now.
  await cloud.db.insert('messages', [
    { _id: stale, _openid: 'alice', conversationId: groupId, type: 'text', content: { text: 'stranded' }, status: 'pending', clientTime: 0, writtenAt: new Date(Date.now() - SWEEP_GRACE_MS - 5_000) },
    { _id: fresh, _openid: 'alice', conversationId: groupId, type: 'text', content: { text: 'in flight' }, status: 'pending', clientTime: 0, writtenAt: new Date() },
  ]);
  const before = await seqOf(groupId);
  const run = await cloud.functions.fireTimer('sweep');
  expect(run.error ?? null).toBeNull();
  expect((await cloud.db.find('messages', { _id: stale }))[0]).toMatchObject({ status: 'visible', seq: before + 1 });
  expect((await cloud.db.find('messages', { _id: fresh }))[0].status).toBe('pending');
  // watchers see it like any other message
  const item = await waitFor(() => room.timeline.messages.find((i) => i.id === stale), 'bob sees the swept message');
  expect(item).toMatchObject({ seq: before + 1, status: 'visible', mine: false });
  room.close();
});
