// The report lifecycle the way admins work it: a user reports through the function, the admin edits
// the report document in the console (here: the admin database path), the `safety` timer applies
// the resolution once, logs it and tells the reporter; held messages are approved the same way.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { DEFAULT_NOTIFY } from '../../domain/server/safety/config';
import { callAs, consent, createGroup, okAs, one, send } from './support';
import { User, userOf } from '../support/users';

let cloud: LocalCloud;
let owner: User;
let rita: User;
let troll: User;
let group: string;
const REPORT_TEMPLATE = DEFAULT_NOTIFY.templates.reportResolved!.templateId;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  [owner, rita, troll] = ['owner', 'rita', 'troll'].map((id) => userOf(cloud, id));
  for (const u of [owner, rita, troll]) await okAs(u, 'login', {});
  group = await createGroup(owner, 'Book Club', [rita, troll]);
});
afterAll(async () => {
  for (const u of [owner, rita, troll]) await u.close();
  await cloud.stop();
});

/** The console edit: set the resolution on the document. */
const resolveInConsole = (reportId: string, fields: Record<string, unknown>) => cloud.db.update('reports', { _id: reportId }, { $set: { status: 'resolved', resolvedBy: 'admin-1', ...fields } });
const runTimer = async () => (await cloud.functions.fireTimer('safety')).result as { ok: true; data: { reports: Array<{ reportId: string; applied: boolean; result?: string }> } };

it('files one report per reporter and target; only members may report a message', async () => {
  const { messageId } = await send(troll, group, 'you all read boring books');
  const first = await okAs<{ reportId: string; created: boolean }>(rita, 'report', { action: 'reportMessage', messageId, reason: 'abuse', note: 'rude' });
  expect(first.created).toBe(true);
  expect(await okAs(rita, 'report', { action: 'reportMessage', messageId, reason: 'abuse' })).toEqual({ reportId: first.reportId, created: false });
  expect(await one(cloud, 'reports', first.reportId)).toMatchObject({
    source: 'user',
    reporterId: 'rita',
    status: 'open',
    reason: 'abuse',
    target: { type: 'message', messageId, userId: 'troll', conversationId: group },
  });
  const stranger = userOf(cloud, 'stranger');
  await okAs(stranger, 'login', {});
  expect(await callAs(stranger, 'report', { action: 'reportMessage', messageId, reason: 'spam' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await callAs(rita, 'report', { action: 'reportMessage', messageId, reason: 'because' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  await stranger.close();
});

it('hide_message edited in the console: the timer hides it once, logs it, tells the reporter (push only with consent)', async () => {
  const { messageId } = await send(troll, group, 'spam spam spam');
  const { reportId } = await okAs<{ reportId: string }>(rita, 'report', { action: 'reportMessage', messageId, reason: 'spam' });
  await consent(cloud, rita, 'rita', REPORT_TEMPLATE);
  await resolveInConsole(reportId, { resolution: 'hide_message' });
  const run = await runTimer();
  expect(run.data.reports).toEqual([{ reportId, applied: true, result: 'message blocked' }]);
  expect(await one(cloud, 'messages', messageId)).toMatchObject({ status: 'blocked', blockReason: 'removed by a moderator' });
  expect((await one(cloud, 'reports', reportId))!.appliedAt).toBeInstanceOf(Date);
  // Applying again (timer and console racing) changes nothing.
  expect((await runTimer()).data.reports).toEqual([]);
  expect(await callAs(owner, 'report', { action: 'apply', reportId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const actions = (await cloud.db.find('audit_logs', { actorId: 'admin-1' })).map((a) => a.action).sort();
  expect(actions).toEqual(['message.hidden', 'report.applied']);
  expect(await cloud.db.find('notifications', { userId: 'rita', reportId })).toEqual([expect.objectContaining({ kind: 'report_resolved', title: '你的举报', body: '已处理', code: 'hide_message' })]);
  const pushed = cloud.openapi.outbox().filter((m) => m.touser === 'rita');
  expect(pushed).toHaveLength(1);
  expect(pushed[0]).toMatchObject({ templateId: REPORT_TEMPLATE, data: { thing1: { value: '你的举报' }, thing2: { value: '已处理' } } });
  expect((await one(cloud, 'subscriptions', 'rita'))!.credits).toEqual({ [REPORT_TEMPLATE]: 0 });
});

it('mute and a global ban by report; a second report with no consent left is told in the app only', async () => {
  const { messageId } = await send(troll, group, 'more trolling');
  const { reportId } = await okAs<{ reportId: string }>(rita, 'report', { action: 'reportMessage', messageId, reason: 'abuse' });
  await resolveInConsole(reportId, { resolution: 'mute', muteMinutes: 60 });
  expect((await runTimer()).data.reports[0]).toMatchObject({ reportId, applied: true });
  const muted = (await one(cloud, 'members', `${group}_troll`))!.mutedUntil as number;
  expect(muted).toBeGreaterThan(Date.now() + 59 * 60_000);
  expect(cloud.openapi.outbox().filter((m) => m.touser === 'rita')).toHaveLength(1);

  const user = await okAs<{ reportId: string }>(rita, 'report', { action: 'reportUser', userId: 'troll', conversationId: group, reason: 'abuse' });
  await cloud.db.insert('global_admins', [{ _id: 'owner' }]);
  // The in-app path: a global admin resolves and it applies at once.
  expect(await okAs(owner, 'report', { action: 'resolve', reportId: user.reportId, resolution: 'ban' })).toMatchObject({ applied: true, result: 'banned from the app' });
  expect(await one(cloud, 'global_bans', 'troll')).toMatchObject({ bannedBy: 'owner', reportId: user.reportId });
  expect(await callAs(troll, 'login', {})).toMatchObject({ ok: false, error: { code: 'BANNED' } });
  expect(await cloud.db.find('audit_logs', { action: 'user.banned', targetId: 'troll' })).toHaveLength(1);
});

it('a held message approved in the console is published with the next seq', async () => {
  const { messageId, result } = await send(rita, group, 'is this review-demo ok?');
  expect(result).toMatchObject({ ok: true, data: { status: 'held' } });
  await resolveInConsole(`held_${messageId}`, { resolution: 'approve' });
  expect((await runTimer()).data.reports).toEqual([{ reportId: `held_${messageId}`, applied: true, result: 'message visible' }]);
  const [conv] = await cloud.db.find('conversations', { _id: group });
  expect(await one(cloud, 'messages', messageId)).toMatchObject({ status: 'visible', seq: conv.seq });
});
