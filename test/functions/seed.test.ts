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

  const hiking = (await cloud.db.find('conversations', { name: DEMO_GROUPS[0].name }))[0];
  expect(hiking.memberCount).toBe(1 + DEMO_GROUPS[0].members.length);
  expect(hiking.seq).toBe(DEMO_GROUPS[0].history.length);
  const messages = await cloud.db.find('messages', { conversationId: hiking._id }, { sort: { seq: 1 } });
  expect(messages.map((m) => m.seq)).toEqual(DEMO_GROUPS[0].history.map((_, i) => i + 1));
  expect(messages.every((m) => m.status === 'visible')).toBe(true);
  expect((messages[0].content as { text: string }).text).toBe(DEMO_GROUPS[0].history[0][1]);

  // Seeded times lie in the past, in order, over about three days.
  const times = messages.map((m) => (m.createdAt as Date).getTime());
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  expect(times[times.length - 1]).toBeLessThan(Date.now());
  expect(times[times.length - 1] - times[0]).toBeGreaterThan(24 * 3600_000);

  const erinInbox = (await cloud.db.find('inboxes', { _id: 'demo-erin' }))[0];
  expect((erinInbox.conversationIds as string[]).length).toBe(2); // hiking + books

  const again = await seedDemo(cloud);
  expect(again.seeded).toBe(false);
  expect(await cloud.db.count('messages', {})).toBe(messages.length + DEMO_GROUPS.slice(1).reduce((n, g) => n + g.history.length, 0) + DEMO_DIRECTS[0][2].length);
});
