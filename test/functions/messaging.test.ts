// The messaging functions through the real client path: the wx.cloud shim writes and calls, the
// local cloud runs the bundled functions with the real wx-server-sdk.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { memberId } from '../../domain/ids';
import { callAs, okAs, writePending } from './support';
import { User, userOf } from '../support/users';

let cloud: LocalCloud;
let alice: User;
let bob: User;
let carol: User;
let direct: string;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  [alice, bob, carol] = ['alice', 'bob', 'carol'].map((id) => userOf(cloud, id));
  for (const u of [alice, bob, carol]) await okAs(u, 'login', {});
  direct = (await okAs<{ conversationId: string }>(alice, 'conversations', { action: 'openDirect', peerId: 'bob' })).conversationId;
});
afterAll(async () => {
  for (const u of [alice, bob, carol]) await u.close();
  await cloud.stop();
});

describe('login and profile', () => {
  it('names a new user as WeChat does (微信用户), from the catalogue, with no English', async () => {
    const [user] = await cloud.db.find('users', { _id: 'carol' });
    expect(user!.nickname).toBe('微信用户');
  });

  it('keeps the language choice the server writes notices in, and refuses any other value', async () => {
    await okAs(bob, 'profile', { language: 'en' });
    expect((await cloud.db.find('users', { _id: 'bob' }))[0]!.language).toBe('en');
    for (const bad of [{ language: 'fr' }, { language: 'zh_CN' }, { language: 1 }]) {
      expect(await callAs(bob, 'profile', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect((await cloud.db.find('users', { _id: 'bob' }))[0]!.language).toBe('en');
  });

  it('creates the user once and keeps edits', async () => {
    const again = await okAs<{ created: boolean; profile: { _id: string } }>(alice, 'login', {});
    expect(again).toMatchObject({ created: false, profile: { _id: 'alice' } });
    await okAs(alice, 'profile', { nickname: 'Alice', bio: 'hi' });
    const [user] = await cloud.db.find('users', { _id: 'alice' });
    expect(user).toMatchObject({ nickname: 'Alice', bio: 'hi' });
  });

  it('refuses unknown fields and empty edits with INVALID_INPUT, changing nothing', async () => {
    for (const bad of [{ nickname: 'x', role: 'admin' }, {}, { nickname: '' }]) {
      const res = await callAs(alice, 'profile', bad);
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect((await cloud.db.find('users', { _id: 'alice' }))[0].nickname).toBe('Alice');
  });
});

describe('direct conversations', () => {
  it('opening twice, from either side, finds the same conversation', async () => {
    const fromBob = await okAs<{ conversationId: string; created: boolean }>(bob, 'conversations', { action: 'openDirect', peerId: 'alice' });
    expect(fromBob).toEqual({ conversationId: direct, created: false });
    expect(await cloud.db.count('members', { conversationId: direct })).toBe(2);
    expect((await cloud.db.find('inboxes', { _id: 'bob' }))[0].conversationIds).toContain(direct);
  });

  it('refuses a chat with oneself and with a user who does not exist', async () => {
    expect(await callAs(alice, 'conversations', { action: 'openDirect', peerId: 'alice' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callAs(alice, 'conversations', { action: 'openDirect', peerId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('deliver', () => {
  it('publishes with the next seq, updates the conversation, and a second delivery changes nothing', async () => {
    const id = await writePending(alice, direct, 'hello bob');
    const first = await okAs<{ status: string; seq: number }>(alice, 'deliver', { messageId: id });
    expect(first).toMatchObject({ messageId: id, status: 'visible', seq: 1 });
    const again = await okAs(alice, 'deliver', { messageId: id });
    expect(again).toMatchObject({ messageId: id, status: 'visible', seq: 1 });
    const [conv] = await cloud.db.find('conversations', { _id: direct });
    expect(conv.seq).toBe(1);
    expect(conv.lastMessage).toMatchObject({ id, seq: 1, senderId: 'alice', senderName: 'Alice', preview: 'hello bob' });
    const [message] = await cloud.db.find('messages', { _id: id });
    expect(message.createdAt).toBeInstanceOf(Date);
    // The sender has read their own message; the peer has not.
    expect((await cloud.db.find('members', { _id: memberId(direct, 'alice') }))[0].lastReadSeq).toBe(1);
    expect((await cloud.db.find('members', { _id: memberId(direct, 'bob') }))[0].lastReadSeq).toBe(0);
  });

  it('gives concurrent deliveries distinct consecutive seqs, none twice', async () => {
    const [{ seq: before }] = (await cloud.db.find('conversations', { _id: direct })) as Array<{ _id: string; seq: number }>;
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => writePending(i % 2 ? alice : bob, direct, `m${i}`)));
    // Each message delivered twice at once, by its sender.
    const outcomes = await Promise.all(ids.flatMap((id, i) => [0, 1].map(() => okAs<{ seq: number; messageId: string }>(i % 2 ? alice : bob, 'deliver', { messageId: id }))));
    const seqById = new Map<string, number>();
    for (const o of outcomes) {
      if (seqById.has(o.messageId)) expect(seqById.get(o.messageId)).toBe(o.seq);
      seqById.set(o.messageId, o.seq);
    }
    expect([...seqById.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => before + 1 + i));
    expect((await cloud.db.find('conversations', { _id: direct }))[0].seq).toBe(before + 8);
  });

  it('only the sender may deliver; bad ids and unknown messages get stable codes', async () => {
    const id = await writePending(alice, direct, 'mine');
    expect(await callAs(bob, 'deliver', { messageId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await callAs(alice, 'deliver', { messageId: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callAs(alice, 'deliver', { messageId: 'doesnotexist1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await cloud.db.find('messages', { _id: id }))[0].status).toBe('pending');
  });

  it('blocks a pending message from a member muted after writing it, with the reason', async () => {
    const id = await writePending(bob, direct, 'sneaky');
    await cloud.db.update('members', { _id: memberId(direct, 'bob') }, { $set: { mutedUntil: Date.now() + 60_000 } });
    const outcome = await okAs(bob, 'deliver', { messageId: id });
    expect(outcome).toMatchObject({ status: 'blocked', reason: 'the sender is muted' });
    await cloud.db.update('members', { _id: memberId(direct, 'bob') }, { $set: { mutedUntil: 0 } });
  });
});

describe('receipts and readers', () => {
  it('moves seqs forward only, clamps to the last seq, read implies delivered', async () => {
    const [{ seq: last }] = (await cloud.db.find('conversations', { _id: direct })) as Array<{ _id: string; seq: number }>;
    const [state] = await okAs<Array<{ lastReadSeq: number; lastDeliveredSeq: number }>>(bob, 'receipts', { updates: [{ conversationId: direct, readSeq: last + 100 }] });
    expect(state).toEqual({ conversationId: direct, lastReadSeq: last, lastDeliveredSeq: last });
    const [back] = await okAs<Array<{ lastReadSeq: number }>>(bob, 'receipts', { updates: [{ conversationId: direct, readSeq: 1, deliveredSeq: 1 }] });
    expect(back).toMatchObject({ lastReadSeq: last, lastDeliveredSeq: last });
    expect((await cloud.db.find('members', { _id: memberId(direct, 'bob') }))[0].lastReadSeq).toBe(last);
  });

  it('lists who read a message, without the asker; strangers are refused', async () => {
    const page = await okAs<{ total: number; readers: Array<{ openid: string; nickname: string }> }>(alice, 'readers', { conversationId: direct, seq: 1 });
    expect(page.total).toBe(1);
    expect(page.readers.map((r) => r.openid)).toEqual(['bob']);
    expect(await callAs(carol, 'readers', { conversationId: direct, seq: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_MEMBER' } });
    expect(await callAs(carol, 'receipts', { updates: [{ conversationId: direct, readSeq: 1 }] })).toMatchObject({ ok: false, error: { code: 'NOT_MEMBER' } });
  });
});

describe('groups through the conversations function', () => {
  it('are refused: groups are created and joined only through the groups function (system message, audit entry, one transaction)', async () => {
    expect(await callAs(alice, 'conversations', { action: 'createGroup', name: 'Hikers', visibility: 'public' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const { conversationId } = await okAs<{ conversationId: string }>(alice, 'groups', { action: 'create', name: 'Hikers', visibility: 'public' });
    expect(await callAs(bob, 'conversations', { action: 'join', conversationId })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await okAs(bob, 'groups', { action: 'join', conversationId })).toEqual({ conversationId, status: 'joined' });
    const [group] = await cloud.db.find('conversations', { _id: conversationId });
    expect(group).toMatchObject({ type: 'group', memberCount: 2, ownerId: 'alice' });
    expect((await cloud.db.find('members', { _id: memberId(conversationId, 'alice') }))[0].role).toBe('owner');
  });

  it('keeps per-member preferences and refuses them to non-members', async () => {
    await okAs(bob, 'conversations', { action: 'setPreferences', conversationId: direct, pinned: true });
    expect((await cloud.db.find('members', { _id: memberId(direct, 'bob') }))[0].pinned).toBe(true);
    expect(await callAs(carol, 'conversations', { action: 'setPreferences', conversationId: direct, muted: true })).toMatchObject({ ok: false, error: { code: 'NOT_MEMBER' } });
  });

  it('deletes a chat from my list only: my member document records the seq from the server and unpins; the peer, the inbox and the messages stay', async () => {
    const seq = (await cloud.db.find('conversations', { _id: direct }))[0].seq as number;
    const res = await okAs<{ hiddenSeq: number }>(bob, 'conversations', { action: 'hide', conversationId: direct });
    expect(res.hiddenSeq).toBe(seq);
    expect((await cloud.db.find('members', { _id: memberId(direct, 'bob') }))[0]).toMatchObject({ hiddenSeq: seq, pinned: false });
    expect((await cloud.db.find('members', { _id: memberId(direct, 'alice') }))[0].hiddenSeq).toBeUndefined();
    expect((await cloud.db.find('inboxes', { _id: 'bob' }))[0].conversationIds).toContain(direct);
  });

  it('refuses to delete for a non-member, a forged seq or an unknown action, changing nothing', async () => {
    expect(await callAs(carol, 'conversations', { action: 'hide', conversationId: direct })).toMatchObject({ ok: false, error: { code: 'NOT_MEMBER' } });
    expect(await callAs(bob, 'conversations', { action: 'hide', conversationId: direct, hiddenSeq: 999 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callAs(bob, 'conversations', { action: 'erase', conversationId: direct })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await cloud.db.find('members', { _id: memberId(direct, 'carol') })).length).toBe(0);
    expect((await cloud.db.find('members', { _id: memberId(direct, 'bob') }))[0].hiddenSeq).not.toBe(999);
  });
});
