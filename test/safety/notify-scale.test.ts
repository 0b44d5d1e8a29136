// The notify timer at scale: its cost follows the people with a consent credit and the
// conversations that changed, not the member count. 2,000 away members, credits for 250 of them:
// exactly those 250 are told, once each; a run cut short (maxPages) resumes where it stopped and
// nobody with a credit is dropped.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { DEFAULT_NOTIFY } from '../../domain/server/safety/config';
import type { Role } from '../../domain/permissions';
import { insertGroup, insertUsers } from '../communities/support';
import { wireOpCounts } from '../../localcloud/src/db/actions';

const TEMPLATE = DEFAULT_NOTIFY.templates.messages!.templateId;
const N = 2000;
const CREDITED = 250;
let cloud: LocalCloud;
const GID = 'notify-scale';
const ids = Array.from({ length: N }, (_, i) => `n${String(i).padStart(5, '0')}`);
const credited = ids.filter((_, i) => i % 8 === 3); // 250, spread over the group

type Run = { sent: number; pages: number; resumeAt?: string; skipped: Record<string, number> };
const fire = async (message?: Record<string, unknown>) =>
  ((await cloud.functions.invoke('notify', { Type: 'Timer', ...(message ? { Message: JSON.stringify(message) } : {}) })) as { ok: true; data: Run }).data;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  await cloud.db.insert('app_config', [{ _id: 'notify', maxPerUserPerHour: 3_600_000 }]);
  await insertUsers(
    cloud,
    ids.map((openid) => ({ openid, nickname: `Person ${openid}` })),
  );
  const members: Record<string, Role> = {};
  for (const id of ids) members[id] = 'member';
  members[ids[0]] = 'owner';
  await insertGroup(cloud, { conversationId: GID, members });
  const hourAgo = new Date(Date.now() - 3600_000);
  await cloud.db.update('users', {}, { $set: { lastActiveAt: hourAgo } }, { multi: true });
  const now = new Date();
  // WeChat's side of each consent (what wx.requestSubscribeMessage records), and our ledger's credit.
  for (const openid of credited) cloud.openapi.recordConsent(openid, TEMPLATE, 'accept');
  await cloud.db.insert(
    'subscriptions',
    credited.map((openid) => ({ _id: openid, credits: { [TEMPLATE]: 1 }, updatedAt: now })),
  );
  // Everybody else has a ledger too, with no credit left (they consented once, long ago).
  await cloud.db.insert(
    'subscriptions',
    ids.filter((id) => !credited.includes(id)).map((openid) => ({ _id: openid, credits: { [TEMPLATE]: 0 }, updatedAt: now })),
  );
  // One message from the owner, published.
  await cloud.db.insert('messages', [
    {
      _id: 'm-notify-scale-1',
      conversationId: GID,
      seq: 1,
      status: 'visible',
      type: 'text',
      content: { text: 'hello everyone' },
      _openid: ids[0],
      writtenAt: now,
      createdAt: now,
      clientTime: now.getTime(),
    },
  ]);
  await cloud.db.update(
    'conversations',
    { _id: GID },
    { $set: { seq: 1, updatedAt: now, lastMessage: { id: 'm-notify-scale-1', seq: 1, senderId: ids[0], senderName: 'Owner', type: 'text', preview: 'hello everyone' } } },
  );
}, 60_000);
afterAll(async () => {
  await cloud.stop();
});

const wireOps = () => [...wireOpCounts.values()].reduce((n, v) => n + v, 0);

it('tells exactly the members with a credit, resuming a cut-short run from where it stopped', async () => {
  // Pages of 100 ledgers: 250 credited take 3 pages; one page per run here.
  const opsBefore = wireOps();
  const first = await fire({ maxPages: 1 });
  expect(first.sent).toBe(100);
  // 100 people told with a fixed number of database calls (config, cursor, conversations, ledgers,
  // members, users, claim + read-back, news, lastNotifiedSeq, cursor): no call per person or per member.
  expect(wireOps() - opsBefore).toBeLessThanOrEqual(15);
  expect(first.resumeAt).toEqual(expect.any(String));
  const second = await fire({ maxPages: 1 });
  expect(second.sent).toBe(100);
  const third = await fire({ maxPages: 1 });
  expect(third.sent).toBe(50);
  const told = cloud.openapi
    .outbox()
    .filter((m) => m.templateId === TEMPLATE)
    .map((m) => m.touser);
  expect(told.length).toBe(CREDITED);
  expect(new Set(told)).toEqual(new Set(credited));
  // Nothing twice: a full run now has nobody left with news and a credit.
  const again = await fire();
  expect(again.sent).toBe(0);
  expect(cloud.openapi.outbox().filter((m) => m.templateId === TEMPLATE)).toHaveLength(CREDITED);

  // Nothing else changed: the credited spent exactly their one credit and were marked told; the
  // others' ledgers and member documents are as they were.
  const members = await cloud.db.find('members', { conversationId: GID });
  const ledgers = await cloud.db.find('subscriptions', {});
  const told_ = new Set(credited);
  for (const m of members) expect([m.openid, m.lastNotifiedSeq]).toEqual([m.openid, told_.has(String(m.openid)) ? 1 : undefined]);
  for (const l of ledgers) expect([l._id, l.credits, l.lastSentAt === undefined]).toEqual([l._id, { [TEMPLATE]: 0 }, !told_.has(String(l._id))]);
  for (const openid of credited) expect(cloud.openapi.remainingConsents(openid)).toEqual({});
}, 60_000);
