// The demo community as `npm start` shows it: several phones side by side, each signed in as its
// own user, each listing exactly the conversations that user belongs to (private ones only to
// members), with unread badges from the server's seq and read marks.
import { phone, shot, openPhonesOnCloud, type PhonesOnCloud } from './phones';
import { DEMO_DIRECTS, DEMO_GROUPS } from '../../scripts/seed/demo-data';

let env: PhonesOnCloud | undefined;

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-alice:Alice 林,demo-bob:Bob 王,demo-carol:Carol 陈', { seed: true });
});

afterAll(() => env?.close());

/** The group names (and direct peers' names) a demo user should see, from the seed data itself. */
function expectedTitles(openid: string): string[] {
  const groups = DEMO_GROUPS.filter((g) => g.owner === openid || g.members.includes(openid)).map((g) => g.name);
  const peers = DEMO_DIRECTS.filter(([a, b]) => a === openid || b === openid).map(([a, b]) => (a === openid ? b : a));
  const names: Record<string, string> = { 'demo-alice': 'Alice 林', 'demo-bob': 'Bob 王', 'demo-carol': 'Carol 陈' };
  return [...groups, ...peers.map((p) => names[p])].sort();
}

it('each phone lists its own conversations, private ones only for members', async () => {
  const { session } = env!;
  for (const openid of ['demo-alice', 'demo-bob', 'demo-carol']) {
    const frame = await phone(session.page, openid);
    const expected = expectedTitles(openid);
    await frame.waitForFunction((n) => document.querySelectorAll('[class*="cell__name"]').length === n, expected.length);
    const titles = await frame.$$eval('[class*="cell__name"]', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    expect([...titles].sort()).toEqual(expected);
  }
  const carol = await phone(session.page, 'demo-carol');
  expect(await carol.$$eval('[class*="cell__name"]', (els) => els.map((e) => e.textContent))).not.toContain('Hiking organisers');
  await session.page.setViewportSize({ width: 1360, height: 820 });
  await shot(session.page, 'demo-phones', { docs: true });
});
