// WeChat's look and the preview's hands-on parts, on the demo community in two phones: the
// status bar's real time, tab bar icons, 56px sheet rows, titles clear of the capsule, a swipe on a
// conversation row (置顶 / 免打扰 / 删除, and a deleted chat coming back with the next message),
// Enter sends and Tab moves, pull-down refresh, the offline switch on a phone's frame, and a
// browser console that stays clean through all of it.
import type { ConsoleMessage, Frame, Locator, Page } from 'playwright-core';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { PhoneWindow } from './phone-globals';
import { longPress, openPhonesOnCloud, phone, shot, type PhonesOnCloud } from './phones';
import { memberId } from '../../domain/ids';

let env: PhonesOnCloud | undefined;
let cloud: LocalCloud;
let page: Page;
let alice: Frame;
let bob: Frame;
/** Every warning and error any frame printed, from the first page load on. */
const noise: string[] = [];
/**
 * While a phone is offline the watch SDK reports the lost connection, as it would on a phone:
 * those lines, and only those, are expected during the offline test.
 */
const NETWORK_LOSS = [/^warning: \[realtime\] ws event: close /, /^error: \[realtime\] initWebSocketConnection connect fail NetworkError: request:fail network is offline/];

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-alice:Alice 林,demo-bob:Bob 王', { seed: true });
  ({ cloud } = env);
  page = env.session.page;
  const listen = (m: ConsoleMessage) => {
    if (m.type() === 'warning' || m.type() === 'error') noise.push(`${m.type()}: ${m.text()}`);
  };
  page.on('console', listen);
  page.on('pageerror', (e) => noise.push(`pageerror: ${e.message}`));
  // the phones loaded before the listener existed: load them again under it
  await page.reload();
  alice = await phone(page, 'demo-alice');
  bob = await phone(page, 'demo-bob');
  await alice.waitForSelector('[class*="cell__name"]');
  await bob.waitForSelector('[class*="cell__name"]');
}, 120_000);
afterAll(() => env?.close());

const LIST = '[data-wx-page="pages/conversations/conversations"]:not([hidden])';
const CHAT = '[data-wx-page="pages/chat/chat"]:not([hidden])';
/** Component classes carry their scope prefix in the DOM (`scope--cell__name`): match the suffix. */
const cls = (name: string) => `[class*="--${name}"], [class~="${name}"]`;
/** The row whose title is exactly `name`. */
const row = (f: Frame, name: string): Locator => f.locator(`${LIST} [class*="swipe__track"]`).filter({ has: f.locator('[class*="cell__name"]', { hasText: new RegExp(`^\\s*${name}\\s*$`) }) });
const names = (f: Frame) => f.$$eval(`${LIST} [class*="cell__name"]`, (els) => els.map((e) => e.textContent?.trim() ?? ''));

/** Drags a row 150px to the left with the mouse and waits for it to settle open. */
async function swipeOpen(f: Frame, r: Locator): Promise<void> {
  const box = (await r.boundingBox())!;
  const y = box.y + 36;
  await page.mouse.move(box.x + 300, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1) await page.mouse.move(box.x + 300 - i * 15, y);
  await page.mouse.up();
  await f.waitForFunction((el) => /translate\(-2\d\d(\.\d+)?px/.test((el as HTMLElement).style.transform), await r.elementHandle());
}

test('the status bar shows the phone’s real time', async () => {
  const shown = await alice.$eval('.wx-status-time', (e) => ({ text: e.textContent, at: Date.parse(e.getAttribute('datetime') ?? '') }));
  const now = Date.now();
  expect(now - shown.at).toBeLessThan(61_000);
  const at = new Date(shown.at);
  expect(shown.text).toBe(`${at.getHours()}:${String(at.getMinutes()).padStart(2, '0')}`);
  expect(shown.text).not.toBe('9:41');
});

test('the tab bar has icons, the selected one in the selected colour, and they change with the tab', async () => {
  const icons = () => alice.$$eval('.wx-tab img', (imgs) => imgs.map((i) => ({ src: new URL((i as HTMLImageElement).src).pathname, width: (i as HTMLImageElement).naturalWidth })));
  await alice.waitForFunction(() => [...document.querySelectorAll('.wx-tab img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
  expect(await icons()).toEqual([
    { src: '/assets/tabbar/chat-selected.png', width: 81 },
    { src: '/assets/tabbar/discover.png', width: 81 },
    { src: '/assets/tabbar/me.png', width: 81 },
  ]);
  await alice.click('.wx-tab:nth-child(2)');
  await alice.waitForFunction(() => (document.querySelector('.wx-tab:nth-child(2) img') as HTMLImageElement).src.endsWith('discover-selected.png'));
  expect((await icons())[0]!.src).toBe('/assets/tabbar/chat.png');
  await alice.click('.wx-tab:nth-child(1)');
  await alice.waitForSelector(LIST);
});

test('action sheet rows are WeChat’s 56px, and a long title is ellipsized clear of the capsule', async () => {
  await longPress(page, alice, (await row(alice, 'Hiking organisers').elementHandle())!, '.wx-sheet-item');
  const heights = await alice.$$eval('.wx-sheet button', (els) => els.map((e) => e.getBoundingClientRect().height));
  expect(heights.length).toBe(3);
  for (const h of heights) expect(h).toBeGreaterThanOrEqual(56);
  await shot(alice, 'look-action-sheet');
  await alice.click('.wx-sheet-cancel');
  await alice.waitForSelector('.wx-sheet', { state: 'detached' });

  await alice.evaluate(() => (window as unknown as PhoneWindow).wx.setNavigationBarTitle({ title: '周末徒步与城市摄影爱好者交流群（北京·上海·广州·深圳）' }));
  const gap = await alice.evaluate(() => {
    const title = document.querySelector('.wx-nav-title') as HTMLElement;
    return { overflowing: title.scrollWidth > title.clientWidth, gap: document.querySelector('.wx-capsule')!.getBoundingClientRect().left - title.getBoundingClientRect().right };
  });
  expect(gap.overflowing).toBe(true);
  expect(gap.gap).toBeGreaterThanOrEqual(8);
  await alice.evaluate(() => (window as unknown as PhoneWindow).wx.setNavigationBarTitle({ title: '消息' }));
});

test('a swipe on a row pins it (first in the list) and mutes it, on the server too', async () => {
  const r = row(alice, 'Hiking organisers');
  await swipeOpen(alice, r);
  await shot(alice, 'look-swipe-open');
  await r.locator('[class*="swipe__action--pin"]').click();
  await alice.waitForFunction(() => document.querySelector('[data-wx-page="pages/conversations/conversations"] [class*="cell__name"]')?.textContent?.trim() === 'Hiking organisers');
  // the row shut again after the button, as in WeChat
  await alice.waitForFunction((el) => /translate\(0px/.test((el as HTMLElement).style.transform), await r.elementHandle());

  await swipeOpen(alice, r);
  expect((await r.locator('[class*="swipe__action--pin"]').textContent())?.trim()).toBe('取消置顶');
  await r.locator('[class*="swipe__action--mute"]').click();
  await r.locator('[class*="cell__muted"]').waitFor();
  const [group] = await cloud.db.find('conversations', { name: 'Hiking organisers' });
  const [member] = await cloud.db.find('members', { _id: memberId(String(group!._id), 'demo-alice') });
  expect(member).toMatchObject({ pinned: true, muted: true });
});

test('删除 takes a chat off my list only; the next message brings it back; Enter sends and Tab moves', async () => {
  await swipeOpen(alice, row(alice, 'Bob 王'));
  await row(alice, 'Bob 王').locator('[class*="swipe__action--delete"]').click();
  await row(alice, 'Bob 王').waitFor({ state: 'detached' });
  expect(await names(alice)).not.toContain('Bob 王');
  // still a conversation of both: bob's list keeps it
  expect(await names(bob)).toContain('Alice 林');

  await row(bob, 'Alice 林').locator('[class*="cell__name"]').click();
  const input = `${CHAT} ${cls('bar__input')}`;
  await bob.waitForSelector(input);
  await bob.fill(input, '删了也能再找到你');
  await bob.press(input, 'Enter');
  await bob.waitForSelector(`${CHAT} [class*="bubble__text"] >> text=删了也能再找到你`);
  expect(await bob.inputValue(input)).toBe('');
  await row(alice, 'Bob 王').locator('text=删了也能再找到你').waitFor();

  // Tab: from the field to the emoji button, then to send; Enter on send sends
  await bob.fill(input, 'Tab 也行');
  await bob.focus(input);
  await page.keyboard.press('Tab');
  expect(await bob.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('表情');
  await page.keyboard.press('Tab');
  expect(await bob.evaluate(() => document.activeElement?.className)).toMatch(/bar__send/);
  await shot(bob, 'look-tab-focus');
  await page.keyboard.press('Enter');
  await bob.waitForSelector(`${CHAT} [class*="bubble__text"] >> text=Tab 也行`);
  await bob.evaluate(() => (window as unknown as PhoneWindow).wx.navigateBack({}));
  await bob.waitForSelector(LIST);
});

test('pulling the list down refreshes it: a renamed peer shows the new name', async () => {
  await cloud.db.update('users', { _id: 'demo-bob' }, { $set: { nickname: 'Bob 王二' } });
  const list = (await alice.$(LIST))!;
  const box = (await list.boundingBox())!;
  await page.mouse.move(box.x + 180, box.y + 100);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(box.x + 180, box.y + 100 + i * 15);
  await alice.waitForFunction(() => (document.querySelector('[data-wx-page="pages/conversations/conversations"] .wx-refresh') as HTMLElement).offsetHeight >= 50);
  await shot(alice, 'look-pull-down');
  await page.mouse.up();
  await row(alice, 'Bob 王二').waitFor();
  // stopPullDownRefresh closed it
  await alice.waitForFunction(() => (document.querySelector('[data-wx-page="pages/conversations/conversations"]') as HTMLElement).dataset.pull === 'idle');
});

test('text in the list and the chat follows the user’s WeChat font size (page-meta root-font-size="system")', async () => {
  const sizeOf = (f: Frame, sel: string) => f.$eval(sel, (e) => getComputedStyle(e).fontSize);
  expect(await sizeOf(alice, `${LIST} [class*="cell__name"]`)).toBe('16px');
  const large = await env!.session.context.newPage();
  try {
    await large.setViewportSize({ width: 375, height: 667 });
    await large.goto(`${env!.session.server.url}phone.html?openid=demo-alice&name=Alice&cloud=${encodeURIComponent(cloud.url)}&fontSize=22`);
    await large.waitForSelector('body[data-preview-ready="true"]');
    const f = large.mainFrame();
    await f.waitForSelector(`${LIST} [class*="cell__name"]`);
    expect(await sizeOf(f, `${LIST} [class*="cell__name"]`)).toBe('22px');
    // 26rpx of preview text is 0.8125rem
    expect(await sizeOf(f, `${LIST} [class*="cell__preview"]`)).toBe(`${22 * 0.8125}px`);
    await shot({ screenshot: (o) => large.screenshot(o) }, 'look-font-22');
  } finally {
    await large.close();
  }
});

test('the console stays clean while the demo is used: chats, sending, tabs, group pages', async () => {
  const [club] = await cloud.db.find('conversations', { name: 'Hiking Club 徒步俱乐部' });
  await row(alice, 'Hiking Club 徒步俱乐部').locator('[class*="cell__name"]').click();
  const input = `${CHAT} ${cls('bar__input')}`;
  await alice.waitForSelector(input);
  await alice.fill(input, '周六见');
  await alice.press(input, 'Enter');
  await alice.waitForSelector(`${CHAT} [class*="bubble__text"] >> text=周六见`);
  for (const url of [`/packageGroup/group-settings/group-settings?id=${club!._id}`, `/packageGroup/group-members/group-members?id=${club!._id}`]) {
    await alice.evaluate((u) => (window as unknown as PhoneWindow).wx.navigateTo({ url: u }), url);
    await alice.waitForSelector(`[data-wx-page="${url.slice(1).split('?')[0]}"]:not([hidden])`);
    await alice.waitForFunction(() => !document.querySelector('.wx-nav-loading:not([hidden])'));
  }
  await alice.evaluate(() => (window as unknown as PhoneWindow).wx.navigateBack({ delta: 3 }));
  await alice.waitForSelector(LIST);
  for (const tab of [2, 3, 1]) {
    await alice.click(`.wx-tab:nth-child(${tab})`);
    await alice.waitForFunction((n) => document.querySelector(`.wx-tab:nth-child(${n})`)!.classList.contains('wx-tab-selected'), tab);
  }
  await bob.click('.wx-tab:nth-child(2)');
  await bob.waitForSelector('[data-wx-page="pages/discover/discover"]:not([hidden]) [class*="card__name"]');
  expect(noise).toEqual([]);
  await bob.click('.wx-tab:nth-child(1)');
  await bob.waitForSelector(LIST);
});

test('the offline switch on the frame takes the phone offline; switched back, what came meanwhile arrives', async () => {
  const before = noise.length;
  const toggle = `[data-offline-switch="demo-alice"]`;
  await page.check(toggle);
  await alice.waitForSelector(`${LIST} ${cls('offline')}`);
  expect(await alice.textContent('.wx-status-network')).toBe('无服务');
  expect(await alice.evaluate(() => new Promise((resolve) => (window as unknown as PhoneWindow).wx.getNetworkType({ success: resolve })))).toMatchObject({ networkType: 'none' });
  await shot(alice, 'look-offline-phone');
  await shot(page, 'look-offline-frame');

  await row(bob, 'Alice 林').locator('[class*="cell__name"]').click();
  const input = `${CHAT} ${cls('bar__input')}`;
  await bob.waitForSelector(input);
  await bob.fill(input, '你离线时发的');
  await bob.press(input, 'Enter');
  await bob.waitForSelector(`${CHAT} [class*="bubble__text"] >> text=你离线时发的`);

  await page.uncheck(toggle);
  await alice.waitForSelector(`${LIST} ${cls('offline')}`, { state: 'detached' });
  await row(alice, 'Bob 王二').locator('text=你离线时发的').waitFor();
  expect(await alice.textContent('.wx-status-network')).toBe('WeChat');
  // and live again: the next message comes through the rebuilt watches
  await bob.fill(input, '又在线了');
  await bob.press(input, 'Enter');
  await row(alice, 'Bob 王二').locator('text=又在线了').waitFor();
  await bob.evaluate(() => (window as unknown as PhoneWindow).wx.navigateBack({}));
  const offline = noise.splice(before);
  expect(offline.filter((line) => !NETWORK_LOSS.some((p) => p.test(line)))).toEqual([]);
});
