// Subscribe-message notifications from the notify timer: batched per user, mentions and direct
// messages first, per-group settings and quiet hours honoured, one consent credit per send, 43101
// zeroing the ledger, nothing sent twice. The outbox is WeChat's record of what was really sent.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { DEFAULT_NOTIFY } from '../../domain/server/safety/config';
import { consent, createGroup, okAs, one, send, writeMessage } from './support';
import { User, userOf } from '../support/users';

let cloud: LocalCloud;
let alice: User;
let bob: User;
let cara: User;
let hiking: string;
let chess: string;
let direct: string;
const TEMPLATE = DEFAULT_NOTIFY.templates.messages!.templateId;
const HOUR_AGO = () => new Date(Date.now() - 3600_000);

const outboxFor = (openid: string) => cloud.openapi.outbox().filter((m) => m.touser === openid && m.templateId === TEMPLATE);
const runNotify = async () => ((await cloud.functions.fireTimer('notify')).result as { ok: true; data: { sent: number; skipped: Record<string, number> } }).data;
const away = (openid: string) => cloud.db.update('users', { _id: openid }, { $set: { lastActiveAt: HOUR_AGO() } });

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  [alice, bob, cara] = ['alice', 'bob', 'cara'].map((id) => userOf(cloud, id));
  for (const u of [alice, bob, cara]) await okAs(u, 'login', {});
  // bob reads English (我 → 语言); the others keep the default, Chinese: each push is in its reader's language
  await okAs(bob, 'profile', { language: 'en' });
  await okAs(alice, 'profile', { nickname: 'Alice' });
  // Tests fire the timer back to back: no hourly cap here.
  await cloud.db.insert('app_config', [{ _id: 'notify', maxPerUserPerHour: 3_600_000 }]);
  hiking = await createGroup(alice, 'Hiking Club', [bob, cara]);
  chess = await createGroup(alice, 'Chess Night', [bob, cara]);
  direct = (await okAs<{ conversationId: string }>(alice, 'conversations', { action: 'openDirect', peerId: 'bob' })).conversationId;
});
afterAll(async () => {
  for (const u of [alice, bob, cara]) await u.close();
  await cloud.stop();
});

it('never sends without consent, and records a consent only for the app’s templates', async () => {
  await send(alice, hiking, 'first hike on Saturday');
  await away('bob');
  await away('cara');
  const run = await runNotify();
  expect(run.sent).toBe(0);
  // Only ledgers holding a credit are read at all: nobody without one is even considered.
  expect(run.skipped.no_consent).toBeUndefined();
  expect(cloud.openapi.outbox()).toHaveLength(0);
  const credits = await okAs<{ credits: Record<string, number> }>(bob, 'notifications', { action: 'recordConsent', results: { [TEMPLATE]: 'reject', someone_elses: 'accept' } });
  expect(credits).toEqual({ credits: {} });
});

it('batches a user’s news into one message, mentions first, and spends exactly one credit', async () => {
  await consent(cloud, bob, 'bob', TEMPLATE, 2);
  await send(alice, chess, 'board 1');
  await send(alice, chess, 'board 2');
  await writeMessage(alice, hiking, { content: { text: '@bob bring the map' }, mentions: ['bob'] }).then((id) => okAs(alice, 'deliver', { messageId: id }));
  const run = await runNotify();
  expect(run.sent).toBe(1);
  const [msg] = outboxFor('bob');
  // 2 in Hiking Club (one mentions bob) + 2 in Chess Night; the mention leads.
  expect(msg.data).toMatchObject({ thing1: { value: 'Hiking Club' }, thing2: { value: '4 new in 2 chats' } });
  expect(msg.page).toBe(`pages/conversations/conversations?open=${encodeURIComponent(hiking)}`);
  expect((await one(cloud, 'subscriptions', 'bob'))!.credits).toEqual({ [TEMPLATE]: 1 });
  expect(cloud.openapi.remainingConsents('bob')).toEqual({ [TEMPLATE]: 1 });
  expect((await one(cloud, 'members', `${hiking}_bob`))!.lastNotifiedSeq).toBe((await one(cloud, 'conversations', hiking))!.seq);
  // Nothing new: nothing sent, the credit kept.
  expect((await runNotify()).sent).toBe(0);
  expect(outboxFor('bob')).toHaveLength(1);
});

it('puts a direct message first and says who wrote', async () => {
  await send(alice, chess, 'board 3');
  const dm = await send(alice, direct, 'are you coming?');
  const run = await runNotify();
  expect(dm.result).toMatchObject({ ok: true, data: { status: 'visible' } });
  expect(run.sent).toBe(1);
  expect(outboxFor('bob')[1].data).toMatchObject({ thing1: { value: 'Alice' }, thing2: { value: '2 new in 2 chats' } });
  expect(outboxFor('bob')[1].page).toContain(encodeURIComponent(direct));
});

it('honours notify none/mentions, muted groups, quiet hours and users in the app', async () => {
  await consent(cloud, cara, 'cara', TEMPLATE, 3);
  await cloud.db.update('members', { _id: `${chess}_cara` }, { $set: { notify: 'none' } });
  await cloud.db.update('members', { _id: `${hiking}_cara` }, { $set: { notify: 'mentions' } });
  // cara has news in both groups (earlier tests) but no mention: nothing for her.
  await send(alice, hiking, 'just chatting');
  let run = await runNotify();
  expect(outboxFor('cara')).toHaveLength(0);

  // Quiet hours around the current time (UTC+8): skipped; the news waits.
  const local = new Date(Date.now() + 8 * 3600_000);
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  await okAs(cara, 'notifications', {
    action: 'setSettings',
    quietHours: { start: hhmm(new Date(local.getTime() - 3600_000)), end: hhmm(new Date(local.getTime() + 3600_000)), utcOffsetMinutes: 480 },
  });
  await writeMessage(alice, hiking, { content: { text: '@cara ping' }, mentions: ['cara'] }).then((id) => okAs(alice, 'deliver', { messageId: id }));
  run = await runNotify();
  expect(run.skipped.quiet_hours).toBe(1);
  expect(outboxFor('cara')).toHaveLength(0);

  // Back in the app: skipped as well.
  await okAs(cara, 'notifications', { action: 'setSettings', quietHours: null });
  await okAs(cara, 'login', {});
  run = await runNotify();
  expect(run.skipped.in_app).toBeGreaterThanOrEqual(1);
  expect(outboxFor('cara')).toHaveLength(0);

  await away('cara');
  expect((await runNotify()).sent).toBeGreaterThanOrEqual(1);
  expect(outboxFor('cara').map((m) => m.data.thing2.value)).toEqual(['Alice @了你']);
});

it('zeroes the ledger when WeChat answers 43101, and never sends beyond the consents given', async () => {
  // Our ledger believes in a credit WeChat does not have (e.g. revoked in WeChat's settings).
  await cloud.db.update('subscriptions', { _id: 'bob' }, { $set: { [`credits.${TEMPLATE}`]: 3 } });
  for (let i = 0; i < 3 && cloud.openapi.remainingConsents('bob')[TEMPLATE]; i++) {
    await send(alice, chess, `drain ${Date.now()}`);
    await runNotify();
  }
  await send(alice, chess, 'one more');
  const run = await runNotify();
  expect(run.skipped.refused).toBe(1);
  expect((await one(cloud, 'subscriptions', 'bob'))!.credits).toEqual({ [TEMPLATE]: 0 });
  // Every send matched one accepted consent: bob accepted 2, cara 3.
  expect(outboxFor('bob')).toHaveLength(2);
  expect(outboxFor('cara').length).toBeLessThanOrEqual(3);
});
