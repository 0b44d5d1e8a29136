// Retention (the retention timer), data export (JSON in storage, temp URL) and account deletion
// (what stays is what the person chose, plus the documented exceptions).
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { DEFAULT_NOTIFY } from '../../domain/server/safety/config';
import { callAs, consent, createGroup, okAs, one, send } from './support';
import { User, userOf } from '../support/users';

let cloud: LocalCloud;
let owner: User;
let zoe: User;
let yan: User;
let group: string;
let direct: string;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  [owner, zoe, yan] = ['owner', 'zoe9k', 'yan'].map((id) => userOf(cloud, id));
  for (const u of [owner, zoe, yan]) await okAs(u, 'login', {});
  group = await createGroup(owner, 'Garden', [zoe, yan]);
  direct = (await okAs<{ conversationId: string }>(zoe, 'conversations', { action: 'openDirect', peerId: 'yan' })).conversationId;
});
afterAll(async () => {
  for (const u of [owner, zoe, yan]) await u.close();
  await cloud.stop();
});

it('retention deletes messages older than the group keeps, and nothing in groups that keep forever', async () => {
  const old = await send(owner, group, 'ancient news');
  const fresh = await send(owner, group, 'todays news');
  const dm = await send(zoe, direct, 'old dm');
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
  for (const id of [old.messageId, dm.messageId]) await cloud.db.update('messages', { _id: id }, { $set: { writtenAt: tenDaysAgo } });
  await cloud.db.update('conversations', { _id: group }, { $set: { 'settings.retentionDays': 7 } });
  const run = (await cloud.functions.fireTimer('retention')).result as { ok: true; data: { messagesDeleted: number } };
  expect(run.data.messagesDeleted).toBe(1);
  expect(await one(cloud, 'messages', old.messageId)).toBeUndefined();
  expect(await one(cloud, 'messages', fresh.messageId)).toBeDefined();
  expect(await one(cloud, 'messages', dm.messageId)).toBeDefined();
  await cloud.db.update('conversations', { _id: group }, { $set: { 'settings.retentionDays': 0 } });
});

it('exports profile, memberships and messages as a JSON file behind a temporary URL', async () => {
  await send(zoe, group, 'zoe in the garden');
  const out = await okAs<{ fileID: string; tempFileURL: string; counts: Record<string, number> }>(zoe, 'account', { action: 'export' });
  expect(out.counts).toMatchObject({ memberships: 2, messages: 2 });
  const body = (await (await fetch(out.tempFileURL)).json()) as Record<string, unknown>;
  expect(body).toMatchObject({ format: 'community-chat-export/1', openid: 'zoe9k', profile: { _id: 'zoe9k' }, inbox: { conversationIds: expect.arrayContaining([group, direct]) } });
  expect((body.messages as Array<{ content: { text: string } }>).map((m) => m.content.text).sort()).toEqual(['old dm', 'zoe in the garden']);
  expect((body.memberships as unknown[]).length).toBe(2);
});

/** Documents naming `openid` anywhere, once the direct chat's id (derived from both openids) is set aside. */
function mentionsOf(docs: Array<Record<string, unknown>>, openid: string, exceptId: string): Array<Record<string, unknown>> {
  return docs.filter((d) => JSON.stringify(d).split(exceptId).join('').includes(openid));
}

it('deletes an account leaving only what the person chose (anonymised messages) and the documented exceptions', async () => {
  await consent(cloud, zoe, 'zoe9k', DEFAULT_NOTIFY.templates.messages!.templateId);
  await okAs(owner, 'report', { action: 'reportUser', userId: 'zoe9k', conversationId: group, reason: 'spam' });
  expect(await callAs(zoe, 'account', { action: 'delete', messages: 'anonymise' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const result = await okAs<{ tombstone: string; messages: { count: number } }>(zoe, 'account', { action: 'delete', messages: 'anonymise', confirm: 'DELETE' });
  expect(result.messages.count).toBe(2);
  // Messages stay, detached from the person.
  const kept = await cloud.db.find('messages', { _openid: result.tombstone });
  expect(kept.map((m) => (m.content as { text: string }).text).sort()).toEqual(['old dm', 'zoe in the garden']);
  expect((await cloud.db.find('conversations', { _id: group }))[0].memberCount).toBe(2);
  // Nothing else anywhere mentions zoe, except the direct chat's id (the peer's chat) and bans.
  const leftovers: Record<string, unknown[]> = {};
  for (const name of cloud.db.listCollections()) {
    const docs = await cloud.db.find(name, {});
    const found = name === 'global_bans' || name === 'bans' ? [] : mentionsOf(docs, 'zoe9k', direct);
    if (found.length) leftovers[name] = found;
  }
  expect(leftovers).toEqual({});
  expect(await one(cloud, 'users', 'zoe9k')).toBeUndefined();
  expect(await cloud.db.find('audit_logs', { action: 'account.deleted', actorId: result.tombstone })).toHaveLength(1);
});

it('deletes the messages when the person chooses so', async () => {
  await send(yan, group, 'yan was here');
  const result = await okAs<{ messages: { count: number } }>(yan, 'account', { action: 'delete', messages: 'delete', confirm: 'DELETE' });
  expect(result.messages.count).toBe(1);
  expect(await cloud.db.count('messages', { _openid: 'yan' })).toBe(0);
  expect(await cloud.db.count('members', { openid: 'yan' })).toBe(0);
  expect(await one(cloud, 'inboxes', 'yan')).toBeUndefined();
});
