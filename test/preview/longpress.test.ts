// Long press in the preview (glass-easel's DOM backend has none; preview/host/longpress.ts adds it):
// holding a bubble opens the chat's message menu, and the release is not also a tap. Also the page
// geometry a chat relies on (vh units).
import { longPress, phone, type PreviewSession, openPhonesOnCloud, type PhonesOnCloud } from './phones';

let session: PreviewSession;
let env: PhonesOnCloud | undefined;

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-alice:Alice', { seed: true });
  ({ session } = env);
});

afterAll(() => env?.close());

it('a chat fills the window below the navigation bar: 100vh is the page, not the screen', async () => {
  const alice = await phone(session.page, 'demo-alice');
  await alice.click('text=Hiking Club 徒步俱乐部');
  await alice.waitForSelector('[data-wx-page="pages/chat/chat"] >> text=Perfect. See you there!');
  const fits = await alice.evaluate(() => {
    const page = document.querySelector('[data-wx-page="pages/chat/chat"]') as HTMLElement;
    const input = page.querySelector('input') as HTMLElement;
    const p = page.getBoundingClientRect();
    const i = input.getBoundingClientRect();
    return { inputBottom: i.bottom, pageBottom: p.bottom, pageScrolls: page.scrollHeight > page.clientHeight };
  });
  expect(fits.pageScrolls).toBe(false);
  expect(fits.inputBottom).toBeLessThanOrEqual(fits.pageBottom);
  await alice.evaluate(() => (window as unknown as { wx: { navigateBack(o: object): void } }).wx.navigateBack({}));
  await alice.waitForSelector('[data-wx-page="pages/conversations/conversations"]:not([hidden])');
});

it('holding a message bubble opens copy / reply / delete / report, and reply quotes it', async () => {
  const alice = await phone(session.page, 'demo-alice');
  await alice.click('text=Hiking Club 徒步俱乐部');
  const bubble = await alice.waitForSelector('text=Count me in. Meeting at the north gate?');
  await longPress(session.page, alice, bubble, '.wx-sheet-item >> text=回复');
  const items = await alice.$$eval('.wx-sheet-item', (els) => els.map((e) => e.textContent));
  expect(items).toEqual(['复制', '回复', '删除（仅自己）', '举报']);
  await alice.click('.wx-sheet-item >> text=回复');
  const quote = await alice.waitForSelector('[data-wx-page="pages/chat/chat"] >> text=回复 Bob 王: Count me in. Meeting at the north gate?');
  expect(await quote.isVisible()).toBe(true);
  expect(await alice.isVisible('.wx-sheet-item')).toBe(false);
});
