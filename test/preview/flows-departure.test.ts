// Removed and dissolved, end to end on two phones (issue 14): Bob has a group open when Alice
// removes him, and another when Alice dissolves it. His chat closes cleanly (the input gives way to
// the reason, no 正在重新连接… line, the room's watch stopped, a clean console), his list keeps the
// row saying 你已被移出群聊 / 该群已解散 (from his inbox's departed record: the group itself is no
// longer his to read), and 删除 on such a row takes it away for good.
import type { ConsoleMessage, Frame, Locator, Page } from 'playwright-core';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { PhoneWindow } from './phone-globals';
import { openPhonesOnCloud, phone, shot, type PhonesOnCloud } from './phones';

let env: PhonesOnCloud | undefined;
let cloud: LocalCloud;
let page: Page;
let alice: Frame;
let bob: Frame;
const noise: string[] = [];

const LIST = '[data-wx-page="pages/conversations/conversations"]:not([hidden])';
const CHAT = '[data-wx-page="pages/chat/chat"]:not([hidden])';
const row = (f: Frame, name: string): Locator => f.locator(`${LIST} [class*="swipe__track"]`).filter({ has: f.locator('[class*="cell__name"]', { hasText: new RegExp(`^\\s*${name}\\s*$`) }) });
const previewOf = (f: Frame, name: string) => row(f, name).locator('[class*="cell__preview"]');

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-alice:Alice 林,demo-bob:Bob 王', { seed: true });
  ({ cloud } = env);
  page = env.session.page;
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'warning' || m.type() === 'error') noise.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => noise.push(`pageerror: ${e.message}`));
  await page.reload();
  alice = await phone(page, 'demo-alice');
  bob = await phone(page, 'demo-bob');
  await bob.waitForSelector('[class*="cell__name"]');
}, 120_000);
afterAll(() => env?.close());

async function groupId(name: string): Promise<string> {
  const [doc] = await cloud.db.find('conversations', { name });
  return doc!._id as string;
}

/** Alice's phone calls the groups function, as the app's settings and member pages do. */
async function aliceDoes(data: Record<string, unknown>): Promise<void> {
  const res = (await alice.evaluate((d) => (window as unknown as PhoneWindow).wx.cloud.callFunction({ name: 'groups', data: d }), data)) as { result: { ok: boolean } };
  expect(res.result.ok).toBe(true);
}

/** The open chat page's room: its sync state ('closed' once its watch is stopped for good). */
const roomState = (f: Frame) =>
  f.evaluate(() => {
    const pages = (window as unknown as { getCurrentPages(): Array<{ state?: { room: { timeline: { syncState: string } } } | null }> }).getCurrentPages();
    return pages[pages.length - 1]?.state?.room.timeline.syncState;
  });

async function openChat(name: string): Promise<void> {
  await row(bob, name).locator('[class*="cell__name"]').click();
  await bob.waitForSelector(`${CHAT} .chat__row`);
  await bob.waitForSelector(`${CHAT} [class*="bar__input"]`);
}

async function backToList(): Promise<void> {
  await bob.evaluate(() => (window as unknown as PhoneWindow).wx.navigateBack({ delta: 1 }));
  await bob.waitForSelector(LIST);
}

/** Drags a row to the left until its buttons show, then taps 删除. */
async function swipeDelete(name: string): Promise<void> {
  const r = row(bob, name);
  const box = (await r.boundingBox())!;
  const y = box.y + 36;
  await page.mouse.move(box.x + 300, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1) await page.mouse.move(box.x + 300 - i * 15, y);
  await page.mouse.up();
  await bob.waitForFunction((el) => /translate\(-2\d\d(\.\d+)?px/.test((el as HTMLElement).style.transform), await r.elementHandle());
  await r.locator('[class*="swipe__action--delete"]').click();
}

test('removed while the chat is open: the input gives way to the reason and the watch stops', async () => {
  const gid = await groupId('Hiking organisers');
  await openChat('Hiking organisers');
  await aliceDoes({ action: 'remove', conversationId: gid, openid: 'demo-bob' });
  await bob.waitForSelector(`${CHAT} [class*="bar__disabled"] >> text=你已被移出群聊`);
  expect(await bob.$(`${CHAT} [class*="bar__input"]`)).toBeNull();
  await bob.waitForFunction(() => !document.querySelector('[data-wx-page="pages/chat/chat"]:not([hidden]) .chat__banner'));
  expect(await roomState(bob)).toBe('closed');
  // what was on screen stays (his copy); the group's settings are no longer his to open
  expect(await bob.$$(`${CHAT} .chat__row`)).not.toHaveLength(0);
  expect(await bob.$(`${CHAT} .chat__settings`)).toBeNull();
  await shot(bob, 'flows-removed-chat');
});

test('the list keeps the row, saying he was removed; the server kept the record in his inbox', async () => {
  await backToList();
  await previewOf(bob, 'Hiking organisers').filter({ hasText: '你已被移出群聊' }).waitFor();
  const [inbox] = await cloud.db.find('inboxes', { _id: 'demo-bob' });
  const gid = await groupId('Hiking organisers');
  expect(inbox!.conversationIds).not.toContain(gid);
  expect((inbox!.departed as Record<string, { reason: string; name: string }>)[gid]).toMatchObject({ reason: 'removed', name: 'Hiking organisers' });
  await shot(bob, 'flows-removed-list');
});

test('opening the removed row again shows the reason, with nothing to watch', async () => {
  await row(bob, 'Hiking organisers').locator('[class*="cell__name"]').click();
  await bob.waitForSelector(`${CHAT} [class*="bar__disabled"] >> text=你已被移出群聊`);
  expect(await roomState(bob)).toBe('closed');
  await backToList();
});

test('删除 on the removed row takes it away, and the record with it', async () => {
  await swipeDelete('Hiking organisers');
  await row(bob, 'Hiking organisers').waitFor({ state: 'detached' });
  const [inbox] = await cloud.db.find('inboxes', { _id: 'demo-bob' });
  expect(inbox!.departed).toEqual({});
});

test('dissolved while the chat is open: 该群已解散 in place of the input, in the list too', async () => {
  const gid = await groupId('Hiking Club 徒步俱乐部');
  await openChat('Hiking Club 徒步俱乐部');
  await aliceDoes({ action: 'dissolve', conversationId: gid });
  await bob.waitForSelector(`${CHAT} [class*="bar__disabled"] >> text=该群已解散`);
  expect(await bob.$(`${CHAT} [class*="bar__input"]`)).toBeNull();
  expect(await roomState(bob)).toBe('closed');
  await shot(bob, 'flows-dissolved-chat');
  await backToList();
  await previewOf(bob, 'Hiking Club 徒步俱乐部').filter({ hasText: '该群已解散' }).waitFor();
  // the dissolve job has removed his membership (a small group goes within the request)
  expect(await cloud.db.count('members', { conversationId: gid })).toBe(0);
  const [inbox] = await cloud.db.find('inboxes', { _id: 'demo-bob' });
  expect((inbox!.departed as Record<string, { reason: string }>)[gid]).toMatchObject({ reason: 'dissolved' });
  await shot(bob, 'flows-dissolved-list');
});

test('the console stayed clean throughout', () => {
  expect(noise).toEqual([]);
});
