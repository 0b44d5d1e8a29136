// A conversation row answers both a tap and a swipe (issue 14): a tap anywhere on the row opens its
// chat, a horizontal swipe reveals 置顶 / 免打扰 / 删除 without opening it, with the mouse (as in
// WeChat DevTools) on one phone and with touch on the other. The row is a movable-view: when it
// captured the pointer on the press, the release (and so the tap) landed on the movable-view
// instead of the cell and no chat opened; it captures only past glass-easel's 10px tap slop now.
// The phones are separate: glass-easel's DOM backend ignores the mouse for taps once a frame has
// seen a touch, so alice is only clicked and bob only touched.
import type { CDPSession, Frame, Locator, Page } from 'playwright-core';
import type { PhoneWindow } from './phone-globals';
import { openPhonesOnCloud, phone, shot, type PhonesOnCloud } from './phones';

let env: PhonesOnCloud | undefined;
let page: Page;
let alice: Frame;
let bob: Frame;
let cdp: CDPSession;

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-alice:Alice 林,demo-bob:Bob 王', { seed: true });
  page = env.session.page;
  alice = await phone(page, 'demo-alice');
  bob = await phone(page, 'demo-bob');
  await alice.waitForSelector('[class*="cell__name"]');
  await bob.waitForSelector('[class*="cell__name"]');
  cdp = await env.session.context.newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
}, 120_000);
afterAll(() => env?.close());

const LIST = '[data-wx-page="pages/conversations/conversations"]:not([hidden])';
const CHAT = '[data-wx-page="pages/chat/chat"]:not([hidden])';
const row = (f: Frame, name: string): Locator => f.locator(`${LIST} [class*="swipe__track"]`).filter({ has: f.locator('[class*="cell__name"]', { hasText: new RegExp(`^\\s*${name}\\s*$`) }) });
const offsetOf = (r: Locator) => r.evaluate((el) => /translate\((-?[\d.]+)px/.exec((el as HTMLElement).style.transform)?.[1] ?? 'none');

/** Points on the row, in the page's coordinates: the avatar, the preview line, the time. */
async function spots(r: Locator): Promise<Array<{ name: string; x: number; y: number }>> {
  const at = async (sel: string) => {
    const b = (await r.locator(sel).first().boundingBox())!;
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  return [
    { name: 'avatar', ...(await at('[class*="cell__avatar"]')) },
    { name: 'preview', ...(await at('[class*="cell__preview"]')) },
    { name: 'time', ...(await at('[class*="cell__time"]')) },
  ];
}

async function expectChatOpened(f: Frame, title: string): Promise<void> {
  await f.waitForSelector(CHAT);
  await f.waitForFunction((t) => document.querySelector('.wx-nav-title')?.textContent?.trim() === t, title);
  await f.evaluate(() => (window as unknown as PhoneWindow).wx.navigateBack({}));
  await f.waitForSelector(LIST);
}

async function touchTap(x: number, y: number): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** A finger (or the mouse) drawn 150px to the left across the row, in 10 moves. */
async function drag(r: Locator, input: 'mouse' | 'touch'): Promise<void> {
  const box = (await r.boundingBox())!;
  const y = box.y + 36;
  const x0 = box.x + 300;
  if (input === 'mouse') {
    await page.mouse.move(x0, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i += 1) await page.mouse.move(x0 - i * 15, y);
    await page.mouse.up();
  } else {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
    for (let i = 1; i <= 10; i += 1) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 - i * 15, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
}

/** Open means settled at minus the three buttons' width (3 x 144rpx = 216px on a 375px phone). */
const waitOpen = (f: Frame, r: Locator) => r.elementHandle().then((el) => f.waitForFunction((e) => /translate\(-216px/.test((e as HTMLElement).style.transform), el));
const waitShut = (f: Frame, r: Locator) => r.elementHandle().then((el) => f.waitForFunction((e) => /translate\(0px/.test((e as HTMLElement).style.transform), el));

test('a mouse click anywhere on a row opens its chat', async () => {
  const r = row(alice, 'Hiking organisers');
  for (const spot of await spots(r)) {
    await page.mouse.click(spot.x, spot.y);
    await expectChatOpened(alice, 'Hiking organisers');
  }
});

test('a mouse swipe reveals 置顶 / 免打扰 / 删除 on screen without opening the chat; a tap shuts the row, the next opens it', async () => {
  const r = row(alice, 'Hiking organisers');
  // where the avatar is while the row is shut: on an open row, the part of the cell still on screen
  const [avatar] = await spots(r);
  await drag(r, 'mouse');
  await waitOpen(alice, r);
  expect(await alice.$(CHAT)).toBeNull();
  // the three buttons are inside the phone's screen, with their words
  const width = await alice.evaluate(() => window.innerWidth);
  for (const [sel, word] of [
    ['pin', '置顶'],
    ['mute', '免打扰'],
    ['delete', '删除'],
  ] as const) {
    const b = r.locator(`[class*="swipe__action--${sel}"]`);
    expect((await b.textContent())?.trim()).toBe(word);
    const box = (await b.boundingBox())!;
    const frameBox = (await (await alice.frameElement()).boundingBox())!;
    expect(box.x - frameBox.x).toBeGreaterThanOrEqual(0);
    expect(box.x - frameBox.x + box.width).toBeLessThanOrEqual(width + 0.5);
  }
  await shot(alice, 'list-row-swipe-mouse');
  await page.mouse.click(avatar!.x, avatar!.y);
  await waitShut(alice, r);
  expect(await alice.$(CHAT)).toBeNull();
  await page.mouse.click(avatar!.x, avatar!.y);
  await expectChatOpened(alice, 'Hiking organisers');
});

test('a touch tap on a row opens its chat', async () => {
  const r = row(bob, 'Alice 林');
  for (const spot of await spots(r)) {
    await touchTap(spot.x, spot.y);
    await expectChatOpened(bob, 'Alice 林');
  }
});

test('a touch swipe reveals the buttons; 置顶 by touch pins the row without opening the chat', async () => {
  const r = row(bob, 'Alice 林');
  await drag(r, 'touch');
  await waitOpen(bob, r);
  expect(await offsetOf(r)).toBe('-216');
  await shot(bob, 'list-row-swipe-touch');
  const pin = (await r.locator('[class*="swipe__action--pin"]').boundingBox())!;
  await touchTap(pin.x + pin.width / 2, pin.y + pin.height / 2);
  await waitShut(bob, r);
  await bob.waitForFunction(() => document.querySelector('[data-wx-page="pages/conversations/conversations"] [class*="cell__name"]')?.textContent?.trim() === 'Alice 林');
  expect(await bob.$(CHAT)).toBeNull();
});
