// Two people chat in two phones on the real local cloud: the member card opens a direct chat,
// messages go both ways live, ticks turn to read, unread badges appear and clear.
import type { Frame } from 'playwright-core';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { PhoneWindow } from './phone-globals';
import { phone, errorsOf, shot, type PreviewSession, openPhonesOnCloud, type PhonesOnCloud } from './phones';

let cloud: LocalCloud;
let session: PreviewSession;
let env: PhonesOnCloud | undefined;
let alice: Frame;
let bob: Frame;

beforeAll(async () => {
  env = await openPhonesOnCloud('alice:Alice,bob:Bob');
  ({ cloud, session } = env);
  alice = await phone(session.page, 'alice');
  bob = await phone(session.page, 'bob');
}, 120_000);
afterAll(() => env?.close());

const CHAT = '[data-wx-page="pages/chat/chat"]:not([hidden])';
const LIST = '[data-wx-page="pages/conversations/conversations"]:not([hidden])';
/** Component classes carry their scope prefix in the DOM (`scope--bubble`): match the suffix. */
const cls = (name: string) => `[class*="--${name}"], [class~="${name}"]`;

const go = (f: Frame, url: string) => f.evaluate((u) => (window as unknown as PhoneWindow).wx.navigateTo({ url: u }), url);
const send = async (f: Frame, text: string) => {
  await f.fill(`${CHAT} ${cls('bar__input')}`, text);
  await f.click(`${CHAT} ${cls('bar__send')}`);
};
/** The text of each bubble in the open chat. */
const bubbles = (f: Frame) => f.$$eval(`${CHAT} [class*="--bubble__text"]`, (els) => els.map((e) => e.textContent));
/** Known preview gaps (the host lacks wx.onAppShow/onAppHide), not failures of these pages. */
const realErrors = async (f: Frame) => (await errorsOf(f)).filter((e) => !/\[object Object\]/.test(e));

test('each person sets a nickname on the profile page', async () => {
  const EDIT = '[data-wx-page="pages/profile-edit/profile-edit"]:not([hidden])';
  for (const [f, name] of [
    [alice, 'Alice'],
    [bob, 'Bob'],
  ] as const) {
    await go(f, '/pages/profile-edit/profile-edit');
    await f.waitForSelector(`${EDIT} .form__input`);
    await f.waitForSelector(`${EDIT} .form__save:not(.form__save--busy)`); // the profile has loaded
    await f.fill(`${EDIT} .form__input`, name);
    await f.fill(`${EDIT} .form__textarea`, name === 'Bob' ? '周末爱爬山' : '读书会组织者');
    await f.click(`${EDIT} .form__save`);
    await f.waitForSelector(LIST); // saved, back on the list
  }
  const [bobDoc] = await cloud.db.find('users', { _id: 'bob' });
  expect(bobDoc).toMatchObject({ nickname: 'Bob', bio: '周末爱爬山' });
});

test('alice opens a direct chat with bob from his member card and sends', async () => {
  await go(alice, '/pages/user/user?openid=bob');
  await alice.waitForSelector('[data-wx-page="pages/user/user"]:not([hidden]) .card__name >> text=Bob');
  expect(await alice.textContent('[data-wx-page="pages/user/user"]:not([hidden]) .card__bio')).toBe('周末爱爬山');
  await alice.click('[data-wx-page="pages/user/user"]:not([hidden]) .action');
  await alice.waitForSelector(CHAT);
  await send(alice, '你好 Bob 👋');
  await alice.waitForSelector(`${CHAT} [class*="--bubble__text"] >> text=你好 Bob 👋`);
  // published: one tick (or two once bob's device has it)
  await alice.waitForSelector(`${CHAT} [class*="--ticks"]`);
});

test("bob's list shows the conversation with an unread badge, and the tab bar counts it", async () => {
  await bob.waitForSelector(`${LIST} conversation-cell >> text=你好 Bob 👋`);
  const cell = await bob.$(`${LIST} conversation-cell`);
  expect(await cell!.textContent()).toContain('Alice');
  expect(await cell!.textContent()).toMatch(/\d\d:\d\d/);
  await bob.waitForSelector(`${LIST} conversation-cell [class*="--badge"] >> text=1`);
  await bob.waitForSelector('.wx-tab-badge:not([hidden]) >> text=1');
  await shot(bob, 'messaging-list', { docs: true });
});

test('bob opens it: the badge clears and alice sees ✓✓ in blue (read)', async () => {
  await bob.click(`${LIST} conversation-cell`);
  await bob.waitForSelector(`${CHAT} [class*="--bubble__text"] >> text=你好 Bob 👋`);
  await alice.waitForSelector(`${CHAT} [class*="--ticks--read"]`);
  await bob.waitForSelector('.wx-tab-badge', { state: 'hidden' });
});

test('bob answers; alice sees it live; both ways again', async () => {
  await send(bob, '嗨 Alice，周末去爬山吗？');
  await alice.waitForSelector(`${CHAT} [class*="--bubble__text"] >> text=嗨 Alice，周末去爬山吗？`);
  await send(alice, '好呀 🎉 几点出发？');
  await bob.waitForSelector(`${CHAT} [class*="--bubble__text"] >> text=好呀 🎉 几点出发？`);
  await bob.waitForSelector(`${CHAT} [class*="--ticks--read"]`);
  await alice.waitForFunction(() => document.querySelectorAll('[class*="--ticks--read"]').length >= 2);
  expect(await bubbles(alice)).toEqual(['你好 Bob 👋', '嗨 Alice，周末去爬山吗？', '好呀 🎉 几点出发？']);
  expect(await bubbles(bob)).toEqual(['你好 Bob 👋', '嗨 Alice，周末去爬山吗？', '好呀 🎉 几点出发？']);
});

test('the emoji picker inserts into the draft', async () => {
  await alice.click(`${CHAT} ${cls('bar__icon')}`);
  await alice.waitForSelector(`${CHAT} [class*="--emoji__cell"]`);
  await shot(alice, 'messaging-chat', { docs: true });
  await alice.click(`${CHAT} [class*="--emoji__cell"] >> nth=0`);
  expect(await alice.inputValue(`${CHAT} ${cls('bar__input')}`)).toBe('😀');
  await alice.click(`${CHAT} ${cls('bar__icon')}`);
});

test('a message to bob while he is on the list shows as unread, reading it clears it', async () => {
  await bob.evaluate(() => (window as unknown as PhoneWindow).wx.navigateBack({ delta: 1 }));
  await bob.waitForSelector(LIST);
  await send(alice, '我们 8 点见');
  await bob.waitForSelector(`${LIST} conversation-cell [class*="--badge"] >> text=1`);
  await bob.waitForSelector('.wx-tab-badge:not([hidden]) >> text=1');
  await bob.click(`${LIST} conversation-cell`);
  await bob.waitForSelector(`${CHAT} [class*="--bubble__text"] >> text=我们 8 点见`);
  await bob.waitForSelector('.wx-tab-badge', { state: 'hidden' });
  expect(await realErrors(alice)).toEqual([]);
  expect(await realErrors(bob)).toEqual([]);
});
