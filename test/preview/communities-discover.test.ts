// Issue 6 end to end, two phones on the real local cloud with the demo community: Dave finds the
// Hiking Club by searching "徒步", reads its profile, joins and says hello; Alice (the owner) opens
// the group's settings from the chat, finds Dave among the members and mutes him for an hour; on
// Dave's phone the input turns into the reason at once (no reload), and comes back when she
// unmutes him. Then she mutes the whole group and Dave reads why he cannot post.
import type { Frame } from 'playwright-core';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { phone, errorsOf, shot, type PreviewSession, openPhonesOnCloud, type PhonesOnCloud } from './phones';

let cloud: LocalCloud;
let session: PreviewSession;
let env: PhonesOnCloud | undefined;
let dave: Frame;
let alice: Frame;

const HIKING = 'Hiking Club 徒步俱乐部';
const page = (route: string) => `[data-wx-page="${route}"]:not([hidden])`;
const DISCOVER = page('pages/discover/discover');
const JOIN = page('pages/group-join/group-join');
const CHAT = page('pages/chat/chat');
const SETTINGS = page('packageGroup/group-settings/group-settings');
const MEMBERS = page('packageGroup/group-members/group-members');
/** Component classes carry their scope prefix in the DOM (`scope--bubble`): match the suffix. */
const cls = (name: string) => `[class*="--${name}"], [class~="${name}"]`;

/**
 * Scrolls the open chat to its newest message, as a person would. (The preview's scroll-view does
 * not follow scroll-into-view yet: glass-easel writes ids as `exparser:info-attr-id`, not `id`.)
 */
const toLatest = (f: Frame) =>
  f.evaluate((sel) => {
    const list = document.querySelector(sel) as HTMLElement;
    list.scrollTop = list.scrollHeight;
  }, `${CHAT} .chat__list`);

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-dave:Dave,demo-alice:Alice', { seed: true });
  ({ cloud, session } = env);
  dave = await phone(session.page, 'demo-dave');
  alice = await phone(session.page, 'demo-alice');
}, 120_000);

afterAll(() => env?.close());

test('dave discovers the Hiking Club by search, reads its profile, joins and chats', async () => {
  await dave.click('.wx-tab[data-page-path="pages/discover/discover"]');
  // the directory lists public groups with their member counts; private ones never appear
  await dave.waitForSelector(`${DISCOVER} ${cls('list--results')} >> text=${HIKING}`);
  await dave.waitForSelector(`${DISCOVER} >> text=为你推荐`);
  expect(await dave.isVisible(`${DISCOVER} >> text=Hiking organisers`)).toBe(false);
  await shot(dave, 'communities-discover', { docs: true });

  await dave.fill(`${DISCOVER} .search__input`, '徒步');
  await dave.waitForSelector(`${DISCOVER} >> text=“徒步”的搜索结果`);
  const results = await dave.$$eval(`${DISCOVER} [class*="--card__name"]`, (els) => els.map((e) => e.textContent));
  expect(results).toEqual([HIKING]);
  await dave.click(`${DISCOVER} [class*="--card__name"] >> text=${HIKING}`);

  // the profile before joining: facts, description, recent messages, and the policy's button
  await dave.waitForSelector(`${JOIN} .head__name >> text=${HIKING}`);
  expect(await dave.textContent(`${JOIN} .head__facts`)).toBe('4 位成员 · 户外 · 公开群');
  await dave.waitForSelector(`${JOIN} >> text=Perfect. See you there!`);
  expect(await dave.textContent(`${JOIN} .action`)).toBe('加入群聊');
  await shot(dave, 'communities-group', { docs: true });

  await dave.click(`${JOIN} .action`);
  await dave.waitForSelector(CHAT);
  // the join arrives in the chat as a centred system line, through the ordinary seq path
  await dave.waitForSelector(`${CHAT} ${cls('row__system')} >> text=Dave 张 加入了群聊`);
  await dave.waitForSelector(`${CHAT} .chat__members >> text=5 位成员`);
  await dave.fill(`${CHAT} ${cls('bar__input')}`, 'Hi all, Dave here 📷');
  await dave.click(`${CHAT} ${cls('bar__send')}`);
  await dave.waitForSelector(`${CHAT} [class*="--bubble__text"] >> text=Hi all, Dave here 📷`);
  await alice.click(`text=${HIKING}`);
  await alice.waitForSelector(`${CHAT} [class*="--bubble__text"] >> text=Hi all, Dave here 📷`);
});

test('alice mutes dave from the member list; his input shows why, live, and returns on unmute', async () => {
  await alice.click(`${CHAT} .chat__settings`);
  await alice.waitForSelector(`${SETTINGS} .head__name >> text=${HIKING}`);
  // the owner's menu: admin tools and dissolve, but no leave (owners transfer or dissolve)
  expect(await alice.isVisible(`${SETTINGS} .cell--dissolve`)).toBe(true);
  expect(await alice.isVisible(`${SETTINGS} .cell--leave`)).toBe(false);
  await alice.click(`${SETTINGS} .cell--members`);

  await alice.fill(`${MEMBERS} .search__input`, 'Dave');
  await alice.waitForSelector(`${MEMBERS} >> text=找到 1 位成员`);
  await alice.click(`${MEMBERS} [class*="--row__name"] >> text=Dave 张`);
  const items = await (await alice.waitForSelector('.wx-sheet-item >> text=禁言…')).evaluate(() => Array.from(document.querySelectorAll('.wx-sheet-item'), (e) => e.textContent));
  expect(items).toEqual(['查看资料', '禁言…', '设为管理员', '转让群主', '移出群聊', '移出并拉黑']);
  await alice.click('.wx-sheet-item >> text=禁言…');
  await alice.click('.wx-sheet-item >> text=禁言 1 小时');
  await alice.waitForSelector(`${MEMBERS} [class*="--row__muted"]`);
  await shot(alice, 'communities-members');

  // Dave's phone, untouched since his message: the member doc's watch brings the mute
  const until = new Date(((await cloud.db.find('members', { openid: 'demo-dave', role: 'member', mutedUntil: { $gt: 0 } }))[0] as unknown as { mutedUntil: number }).mutedUntil);
  const clock = `${String(until.getHours()).padStart(2, '0')}:${String(until.getMinutes()).padStart(2, '0')}`;
  await dave.waitForSelector(`${CHAT} ${cls('bar__disabled')} >> text=你已被禁言至 ${clock}`);
  expect(await dave.isVisible(`${CHAT} ${cls('bar__input')}`)).toBe(false);
  await toLatest(dave);
  await shot(dave, 'communities-muted', { docs: true });

  await alice.click(`${MEMBERS} [class*="--row__name"] >> text=Dave 张`);
  await alice.click('.wx-sheet-item >> text=解除禁言');
  await dave.waitForSelector(`${CHAT} ${cls('bar__input')}`);
});

test('the pinned announcement tops the chat; mute-all leaves only admins speaking', async () => {
  await alice.evaluate(() => (window as unknown as { wx: { navigateBack(o: object): unknown } }).wx.navigateBack({ delta: 1 }));
  await alice.click(`${SETTINGS} .cell--announcement`);
  await alice.fill('.wx-modal-input', '周六 8:30 北门集合，带水和零食');
  await alice.click('.wx-modal-confirm');
  await alice.waitForSelector(`${SETTINGS} .cell--announcement >> text=周六 8:30 北门集合，带水和零食`);
  await dave.waitForSelector(`${CHAT} .chat__announcement >> text=📢 周六 8:30 北门集合，带水和零食`);
  await shot(alice, 'communities-settings');

  await alice.waitForSelector(`${SETTINGS} .cell--mute-all`);
  await alice.click(`${SETTINGS} .cell--mute-all [class*="switch"], ${SETTINGS} .cell--mute-all switch`);
  await dave.waitForSelector(`${CHAT} ${cls('bar__disabled')} >> text=全员禁言中，仅群主和管理员可发言`);
  await dave.waitForSelector(`${CHAT} ${cls('row__system')} >> text=Alice 林 开启了全员禁言`);
  await toLatest(dave);
  await shot(dave, 'communities-muted-all');
  await alice.evaluate(() => (window as unknown as { wx: { navigateBack(o: object): unknown } }).wx.navigateBack({ delta: 1 }));
  await alice.waitForSelector(`${CHAT} ${cls('bar__input')}`);
  const errors = [...(await errorsOf(dave)), ...(await errorsOf(alice))].filter((e) => !/onApp(Show|Hide)|\[object Object\]/.test(e));
  expect(errors).toEqual([]);
});
