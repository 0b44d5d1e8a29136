// Running a group, end to end on the real local cloud: Erin creates a public group that needs
// approval; Bob finds it, asks to join with a note; Erin sees the request from the group's
// settings, approves it, and Bob's conversation list gains the group live. Erin then makes an
// invitation code, shown with its expiry and number of uses.
import type { Frame } from 'playwright-core';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { phone, errorsOf, shot, type PreviewSession, openPhonesOnCloud, type PhonesOnCloud } from './phones';

let cloud: LocalCloud;
let session: PreviewSession;
let env: PhonesOnCloud | undefined;
let erin: Frame;
let bob: Frame;

const GAMES = 'Board Games 桌游';
const page = (route: string) => `[data-wx-page="${route}"]:not([hidden])`;
const DISCOVER = page('pages/discover/discover');
const CREATE = page('pages/group-create/group-create');
const JOIN = page('pages/group-join/group-join');
const CHAT = page('pages/chat/chat');
const LIST = page('pages/conversations/conversations');
const SETTINGS = page('packageGroup/group-settings/group-settings');
const REQUESTS = page('packageGroup/group-requests/group-requests');

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-erin:Erin,demo-bob:Bob', { seed: true });
  ({ cloud, session } = env);
  erin = await phone(session.page, 'demo-erin');
  bob = await phone(session.page, 'demo-bob');
}, 120_000);

afterAll(() => env?.close());

test('erin creates a public group that needs approval', async () => {
  await erin.click('.wx-tab[data-page-path="pages/discover/discover"]');
  await erin.click(`${DISCOVER} .entry--create`);
  await erin.fill(`${CREATE} .field__input--name`, GAMES);
  await erin.fill(`${CREATE} .field__textarea`, 'Friday night board games, all levels.');
  await erin.fill(`${CREATE} .field__input--tags`, '桌游, boardgames');
  await erin.click(`${CREATE} .field--link >> text=分类`);
  await erin.click('.wx-sheet-item >> text=游戏');
  await erin.click(`${CREATE} .field--link >> text=加入方式`);
  await erin.click('.wx-sheet-item >> text=需要审核');
  await erin.waitForSelector(`${CREATE} .field__value >> text=需要审核`);
  await shot(erin, 'communities-create');
  await erin.click(`${CREATE} .submit`);
  await erin.waitForSelector(`${CHAT} .chat__members >> text=1 位成员`);
  const [doc] = await cloud.db.find('conversations', { name: GAMES });
  expect(doc).toMatchObject({ category: 'games', tags: ['桌游', 'boardgames'], visibility: 'public', joinPolicy: 'approval', ownerId: 'demo-erin' });
});

test('bob finds it and asks to join with a note', async () => {
  await bob.click('.wx-tab[data-page-path="pages/discover/discover"]');
  await bob.fill(`${DISCOVER} .search__input`, 'boardgame');
  await bob.click(`${DISCOVER} [class*="--card__name"] >> text=${GAMES}`);
  await bob.waitForSelector(`${JOIN} .action >> text=申请加入`);
  await bob.click(`${JOIN} .action`);
  await bob.fill('.wx-modal-input', 'I own Catan');
  await bob.click('.wx-modal-confirm');
  await bob.waitForSelector(`${JOIN} .action >> text=已申请，等待审核`);
});

test('erin approves from the settings; bob is in, live', async () => {
  await erin.click(`${CHAT} .chat__settings`);
  await erin.waitForSelector(`${SETTINGS} .cell--requests >> text=1 条待处理`);
  await erin.click(`${SETTINGS} .cell--requests`);
  await erin.waitForSelector(`${REQUESTS} .request__note >> text=I own Catan`);
  await shot(erin, 'communities-requests');
  await erin.click(`${REQUESTS} .button--approve`);
  await erin.waitForSelector(`${REQUESTS} >> text=没有待处理的申请`);

  await bob.evaluate(() => (window as unknown as { wx: { switchTab(o: object): unknown } }).wx.switchTab({ url: '/pages/conversations/conversations' }));
  await bob.waitForSelector(`${LIST} >> text=${GAMES}`);
});

test('erin makes an invitation code with its limits shown', async () => {
  await erin.evaluate(() => (window as unknown as { wx: { navigateBack(o: object): unknown } }).wx.navigateBack({ delta: 1 }));
  await erin.waitForSelector(`${SETTINGS} .cell--requests >> text=暂无`);
  await erin.waitForSelector(`${SETTINGS} .head__facts >> text=2 位成员 · 公开群`);
  await erin.click(`${SETTINGS} .cell--code`);
  const code = (await (await erin.waitForSelector(`${SETTINGS} .code__value`)).textContent())!;
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  expect(await erin.textContent(`${SETTINGS} .code__line`)).toMatch(/前有效 · 可使用 20 次 · 点击复制$/);
  await erin.evaluate(() => document.querySelector('.wx-page:not([hidden])')?.scrollTo(0, 0));
  await shot(erin, 'communities-settings-owner');
  const errors = [...(await errorsOf(erin)), ...(await errorsOf(bob))].filter((e) => !/onApp(Show|Hide)|\[object Object\]/.test(e));
  expect(errors).toEqual([]);
});
