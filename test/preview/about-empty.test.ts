// 我 → 关于 is a real page (name, version, what the app is), and a newcomer's empty chat list
// invites to 发现 (which exists) instead of adding friends (which does not).
import fs from 'fs';
import path from 'path';
import type { Frame } from 'playwright-core';
import { openPhonesOnCloud, phone, shot, PROJECT_ROOT, type PhonesOnCloud } from './phones';

let env: PhonesOnCloud | undefined;
let alice: Frame;
let newbie: Frame;
beforeAll(async () => {
  env = await openPhonesOnCloud('demo-alice:Alice 林,newbie:新人', { seed: true });
  alice = await phone(env.session.page, 'demo-alice');
  newbie = await phone(env.session.page, 'newbie');
}, 120_000);
afterAll(() => env?.close());

test('关于 shows the app’s name, the version of package.json and what it is', async () => {
  const version = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  await alice.click('.wx-tab:nth-child(3)');
  await alice.locator('[data-wx-page="pages/me/me"]:not([hidden]) >> text=关于 Community Chat').click();
  const about = '[data-wx-page="pages/about/about"]:not([hidden])';
  await alice.waitForSelector(`${about} [class*="about__version"]`);
  expect((await alice.textContent(`${about} [class*="about__version"]`))?.trim()).toBe(`版本 ${version}`);
  expect(await alice.textContent(`${about} [class*="about__name"]`)).toBe('Community Chat');
  expect(await alice.textContent(`${about} [class*="about__text"]`)).toContain('兴趣社区');
  expect(await alice.textContent('.wx-nav-title')).toBe('关于');
  await shot(alice, 'about-page');
});

test('an empty list invites to 发现, and its button opens it', async () => {
  const list = '[data-wx-page="pages/conversations/conversations"]:not([hidden])';
  await newbie.waitForSelector(`${list} [class*="empty__action"]`);
  expect(await newbie.textContent(`${list} [class*="empty__description"]`)).not.toContain('好友');
  await shot(newbie, 'list-empty');
  await newbie.click(`${list} [class*="empty__action"]`);
  await newbie.waitForSelector('[data-wx-page="pages/discover/discover"]:not([hidden])');
});
