// The demo seed runs through the real functions and leaves a consistent community behind.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { seedDemo } from '../../scripts/seed';
import { DEMO_DIRECTS, DEMO_GROUPS, DEMO_USERS } from '../../scripts/seed/demo-data';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
});
afterAll(() => cloud.stop());

it('seeds users, groups with members and delivered history, once', async () => {
  const first = await seedDemo(cloud);
  expect(first.seeded).toBe(true);
  expect(await cloud.db.count('users', {})).toBe(DEMO_USERS.length);
  expect(await cloud.db.count('conversations', {})).toBe(DEMO_GROUPS.length + DEMO_DIRECTS.length);

  // Each group: a "created" line, a "joined" line per member, then its history, in one seq order.
  const group = DEMO_GROUPS[0];
  const lines = 1 + group.members.length;
  const hiking = (await cloud.db.find('conversations', { name: group.name }))[0];
  expect(hiking.memberCount).toBe(1 + group.members.length);
  expect(hiking.seq).toBe(lines + group.history.length);
  const messages = await cloud.db.find('messages', { conversationId: hiking._id }, { sort: { seq: 1 } });
  expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: lines + group.history.length }, (_, i) => i + 1));
  expect(messages.every((m) => m.status === 'visible')).toBe(true);
  expect(messages.slice(0, lines).map((m) => (m.system as { event: string }).event)).toEqual(['created', ...group.members.map(() => 'joined')]);
  expect(messages.slice(lines).map((m) => (m.content as { text: string }).text)).toEqual(group.history.map(([, text]) => text));

  // The private group was joined with an invitation code, as a person would.
  const organisers = DEMO_GROUPS.find((g) => g.visibility === 'private')!;
  const [secret] = await cloud.db.find('conversations', { name: organisers.name });
  expect(secret.memberCount).toBe(1 + organisers.members.length);
  expect(await cloud.db.count('invitations', { conversationId: secret._id })).toBe(1);

  // Seeded times lie in the past, in order, over about three days.
  const times = messages.map((m) => (m.createdAt as Date).getTime());
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  expect(times[times.length - 1]).toBeLessThan(Date.now());
  expect(times[times.length - 1] - times[0]).toBeGreaterThan(24 * 3600_000);

  const erinInbox = (await cloud.db.find('inboxes', { _id: 'demo-erin' }))[0];
  expect((erinInbox.conversationIds as string[]).length).toBe(2); // hiking + books

  const total = await cloud.db.count('messages', {});
  const expected = DEMO_GROUPS.reduce((n, g) => n + 1 + g.members.length + g.history.length, 0) + DEMO_DIRECTS.reduce((n, [, , h]) => n + h.length, 0);
  expect(total).toBe(expected);
  const again = await seedDemo(cloud);
  expect(again.seeded).toBe(false);
  expect(await cloud.db.count('messages', {})).toBe(total);
});
