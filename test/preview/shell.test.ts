// The app shell in real Chromium: every tab renders, the nav bar follows, two users side by side.
import fs from 'fs';
import path from 'path';
import type { Frame } from 'playwright-core';
import type { PhoneWindow } from './phone-globals';
import { openPhones, phone, errorsOf, SCREENSHOTS, type PreviewSession } from './phones';

let session: PreviewSession;
let alice: Frame;

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  session = await openPhones();
  alice = await phone(session.page, 'alice');
});
afterAll(async () => session?.close());

const title = (f: Frame) => f.textContent('.wx-nav-title');
const shot = async (f: Frame, name: string) => {
  const el = await f.frameElement();
  await el.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
};

test('opens on the conversations tab with its empty state', async () => {
  await alice.waitForSelector('[data-wx-page="pages/conversations/conversations"] empty-state');
  expect(await title(alice)).toBe('消息');
  expect(await alice.textContent('empty-state')).toContain('还没有会话');
  await shot(alice, 'conversations');
});

test('switches tabs from the tab bar and from a button', async () => {
  await alice.click('.wx-tab[data-page-path="pages/me/me"]');
  await alice.waitForSelector('[data-wx-page="pages/me/me"]:not([hidden]) .profile__name');
  expect(await title(alice)).toBe('我');
  await shot(alice, 'me');

  await alice.click('.wx-tab[data-page-path="pages/conversations/conversations"]');
  await alice.click('empty-state >> text=发现群聊');
  await alice.waitForSelector('[data-wx-page="pages/discover/discover"]:not([hidden])');
  expect(await title(alice)).toBe('发现');
  await alice.click('[class*="--chip"] >> text=科技');
  await alice.waitForSelector('[class*="--chip--active"] >> text=科技');
  await shot(alice, 'discover');
});

test('tab bar badges and toasts work through wx', async () => {
  await alice.evaluate(() => (window as unknown as PhoneWindow).wx.setTabBarBadge({ index: 0, text: '3' }));
  await alice.waitForSelector('.wx-tab-badge:not([hidden]) >> text=3');
  await alice.evaluate(() => (window as unknown as PhoneWindow).wx.showToast({ title: '你好', icon: 'none' }));
  await alice.waitForSelector('.wx-toast >> text=你好');
});

test('each phone is its own user with its own storage', async () => {
  const bob = await phone(session.page, 'bob');
  await alice.evaluate(() => (window as unknown as PhoneWindow).wx.setStorageSync('k', 'alice-value'));
  expect(await bob.evaluate(() => (window as unknown as PhoneWindow).wx.getStorageSync('k'))).toBe('');
  expect(await alice.evaluate(() => (window as unknown as PhoneWindow).wx.getStorageSync('k'))).toBe('alice-value');
  await session.page.screenshot({ path: path.join(SCREENSHOTS, 'phones.png') });
  expect(await errorsOf(alice)).toEqual([]);
  expect(await errorsOf(bob)).toEqual([]);
});
