// Every page the app has, opened in Chromium as demo-alice, in Chinese and then in English (chosen
// in 我 → 语言, which switches the open tab pages live), (owner of Hiking Club, so the admin
// pages have something to show) against the seeded local cloud. The pages come from app.json, so
// a page added later is visited too, and fails here until it has an entry in VISITS below.
// Each page must render its main content, finish loading without an error state, show a title,
// fit the phone's width, and leave no error behind; its screenshot lands in
// test-output/screenshots/every-page-<path>.png (English: every-page-en-<path>.png) for a person to
// look at. In English no visible text may still be a Chinese word of the catalogue.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Frame } from 'playwright-core';
import { LocalCloud } from '../../localcloud/src/cloud';
import { seedDemo } from '../../scripts/seed';
import { openPhones, phone, errorsOf, shot, PROJECT_ROOT, type PreviewSession } from './phones';
import type { PhoneWindow } from './phone-globals';
import { format, type Lang } from '../../domain/i18n/index';
import { zhCN } from '../../domain/i18n/zh-CN';

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string }> };
}

/** What the seeded cloud holds that pages need in their query. */
interface Seeded {
  hiking: string;
  books: string;
  /** Alice's last message in Hiking Club, read by Bob and Erin. */
  aliceSeq: number;
  /** A message by Bob in Hiking Club, to report. */
  bobMessage: { id: string; text: string };
}

interface Visit {
  /** The query string (without '?') the page is opened with. */
  query(s: Seeded): string;
  /** A selector, inside the page, that shows its main content has rendered (in the language shown). */
  ready: string | ((lang: Lang) => string);
  /** What else this page must show once ready (things a screenshot once showed broken). */
  check?(frame: Frame, root: string): Promise<void>;
}

const q = encodeURIComponent;

/** One entry per page of app.json: how to open it and what shows it is ready. */
const VISITS: Record<string, Visit> = {
  'pages/conversations/conversations': { query: () => '', ready: 'text=Hiking Club 徒步俱乐部' },
  'pages/discover/discover': { query: () => '', ready: '.list--results >> text=Book Club 读书会' },
  'pages/me/me': { query: () => '', ready: '.profile__name >> text=Alice 林' },
  // no title in the query (as from a notice): the page titles itself with the group's name
  'pages/chat/chat': {
    query: (s) => `id=${q(s.hiking)}`,
    ready: 'text=Perfect. See you there!',
    check: (frame) => frame.waitForSelector('.wx-nav-title >> text=Hiking Club 徒步俱乐部').then(() => undefined),
  },
  'pages/user/user': { query: () => 'openid=demo-bob', ready: '.report' },
  'pages/readers/readers': { query: (s) => `conversationId=${q(s.hiking)}&seq=${s.aliceSeq}`, ready: '.reader__name >> text=Erin 赵' },
  'pages/profile-edit/profile-edit': {
    query: () => '',
    ready: '.form__count >> text=/^[1-9]\\d*\\//',
    async check(frame, root) {
      // the bio loaded after the first render is in the field, not only in the counter
      expect(await frame.inputValue(`${root} .form__textarea`)).toBe('Weekend hiker, weekday coder.');
    },
  },
  // Alice is not in Book Club: the page offers to join
  'pages/group-join/group-join': { query: (s) => `id=${q(s.books)}`, ready: '.head__name >> text=Book Club 读书会' },
  'pages/group-create/group-create': { query: () => '', ready: '.submit' },
  'pages/about/about': { query: () => '', ready: '.about__version' },
  'packageGroup/group-settings/group-settings': { query: (s) => `id=${q(s.hiking)}`, ready: (lang) => `.cell--requests >> text=${format(lang, 'settings_pending', { n: 1 })}` },
  'packageGroup/group-members/group-members': { query: (s) => `id=${q(s.hiking)}`, ready: (lang) => `.count >> text=${format(lang, 'members_total', { n: 4 })}` },
  'packageGroup/group-requests/group-requests': { query: (s) => `id=${q(s.hiking)}`, ready: '.request__note >> text=Film cameras, but I hike too' },
  'packageSafety/report/report': {
    query: (s) => `messageId=${q(s.bobMessage.id)}&name=${q('Bob 王')}&preview=${q(s.bobMessage.text)}`,
    ready: '.target__quote >> text=Count me in',
  },
  'packageSafety/notifications/notifications': { query: () => '', ready: (lang) => `text=${format(lang, 'notices_empty')}` },
  'packageSafety/settings-notifications/settings-notifications': { query: () => '', ready: '.master [class*="track"]:not([class*="disabled"])' },
  'packageSafety/account/account': { query: () => '', ready: '.export' },
};

function appPages(): { pages: string[]; tabs: Set<string> } {
  const app = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'miniprogram', 'app.json'), 'utf8')) as AppJson;
  const subs = [...(app.subPackages ?? []), ...(app.subpackages ?? [])];
  const pages = [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
  return { pages, tabs: new Set((app.tabBar?.list ?? []).map((t) => t.pagePath.replace(/^\//, ''))) };
}

const { pages: PAGES, tabs: TABS } = appPages();

let cloud: LocalCloud;
let dataDir: string;
let session: PreviewSession;
let alice: Frame;
let seeded: Seeded;
const consoleErrors: string[] = [];

const invoke = (name: string, data: unknown, openid: string) => cloud.functions.invoke(name, data, { openid, appid: 'wxdemo', source: 'wx_client' });

async function ok(name: string, data: unknown, openid: string): Promise<void> {
  const result = (await invoke(name, data, openid)) as { ok: boolean; error?: unknown };
  if (!result.ok) throw new Error(`${name} as ${openid}: ${JSON.stringify(result.error)}`);
}

/** Seeds, then gives the pages that would be empty something to show: receipts and a join request. */
async function prepare(): Promise<Seeded> {
  await seedDemo(cloud);
  const [hiking] = await cloud.db.find('conversations', { name: 'Hiking Club 徒步俱乐部' });
  const [books] = await cloud.db.find('conversations', { name: 'Book Club 读书会' });
  const messages = await cloud.db.find('messages', { conversationId: hiking._id }, { sort: { seq: 1 } });
  const text = (m: Record<string, unknown>) => (m.content as { text?: string } | undefined)?.text ?? '';
  const aliceLast = messages.filter((m) => m._openid === 'demo-alice').pop()!;
  const bob = messages.find((m) => m._openid === 'demo-bob')!;
  const seq = Number(aliceLast.seq);
  for (const reader of ['demo-bob', 'demo-erin']) await ok('receipts', { updates: [{ conversationId: hiking._id, readSeq: seq }] }, reader);
  await ok('groups', { action: 'update', conversationId: hiking._id, joinPolicy: 'approval' }, 'demo-alice');
  await ok('groups', { action: 'join', conversationId: hiking._id, note: 'Film cameras, but I hike too' }, 'demo-dave');
  return { hiking: String(hiking._id), books: String(books._id), aliceSeq: seq, bobMessage: { id: String(bob._id), text: text(bob) } };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-every-page-'));
  cloud = await LocalCloud.start({ port: 0, dataDir, functions: { timers: false } });
  seeded = await prepare();
  session = await openPhones('demo-alice:Alice', cloud.url);
  session.page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  alice = await phone(session.page, 'demo-alice');
}, 120_000);

afterAll(async () => {
  await session?.close();
  await cloud?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('every page in app.json has an entry in VISITS', () => {
  const missing = PAGES.filter((p) => !VISITS[p]);
  if (missing.length) {
    throw new Error(`add an entry to VISITS in test/preview/every-page.test.ts (query and ready selector) for: ${missing.join(', ')}`);
  }
  expect(Object.keys(VISITS).filter((p) => !PAGES.includes(p))).toEqual([]);
});

/** Opens a page as the app would: tabs by switchTab, others pushed over the conversations tab. */
async function open(route: string, query: string): Promise<void> {
  await alice.evaluate(
    async ([r, isTab, url]) => {
      const wx = (window as unknown as PhoneWindow).wx;
      // back to the first tab first, which closes the pages left by the previous visit
      if (!isTab) await wx.switchTab({ url: '/pages/conversations/conversations' });
      await (isTab ? wx.switchTab : wx.navigateTo)({ url: `/${r}${url ? `?${url}` : ''}` });
    },
    [route, TABS.has(route), query] as const,
  );
}

/** What is visibly wrong with the page on screen once it has rendered, as sentences. */
function problems(frame: Frame, route: string, lang: Lang): Promise<string[]> {
  // in English, a visible text that is a Chinese catalogue word was not translated
  const chineseWords: string[] = lang === 'en' ? Object.values(zhCN).filter((w) => /[\u4e00-\u9fff]/.test(w) && !/\{/.test(w)) : [];
  return frame.evaluate(
    ([r, loading, untranslated]) => {
      const root = document.querySelector(`[data-wx-page="${r}"]:not([hidden])`) as HTMLElement;
      const found: string[] = [];
      const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed';
      const title = document.querySelector('#wx-navbar .wx-nav-title')?.textContent?.trim();
      if (!title) found.push('the navigation bar has no title');
      if (document.querySelector('.wx-icon-error')) found.push(`an error toast: ${document.querySelector('.wx-toast')?.textContent}`);
      const width = root.getBoundingClientRect().right;
      // a horizontal scroller (category chips) or a clipping box may hold wider content: the box itself is checked
      const insideScroller = (el: Element) => {
        for (let a = el.parentElement; a && a !== root; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
        return false;
      };
      for (const el of root.querySelectorAll('*')) {
        if (!visible(el)) continue;
        const own = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join('')
          .trim();
        if (own === loading) found.push('still loading');
        if (own && untranslated.includes(own)) found.push(`untranslated: <${el.tagName.toLowerCase()} class="${el.className}">${own}`);
        if (/empty__icon/.test(el.className.toString()) && own === '!') found.push(`an error state: ${el.parentElement?.textContent?.trim()}`);
        if (/--error\b/.test(el.className.toString())) found.push(`an error line: ${own}`);
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const clips = style.overflowY === 'hidden' && style.textOverflow !== 'ellipsis' && style.webkitLineClamp === 'none';
        if (clips && el.scrollHeight > el.clientHeight + 1) found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> cuts off its content (${el.scrollHeight}px in ${el.clientHeight}px)`);
        if (box.width > 0 && box.right > width + 1 && !insideScroller(el))
          found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ends ${Math.round(box.right - width)}px beyond the screen`);
      }
      if (untranslated.includes(title ?? '')) found.push(`untranslated title: ${title}`);
      return found;
    },
    [route, format(lang, 'common_loading'), chineseWords] as const,
  );
}

/** 我 → 语言 → the choice, through the page and WeChat's action sheet, as a person does it. */
async function chooseLanguage(label: string, tabText: string): Promise<void> {
  await open('pages/me/me', '');
  await alice.click('[data-wx-page="pages/me/me"]:not([hidden]) .cell--language');
  await alice.click(`.wx-sheet-item >> text=${label}`);
  // the tab bar follows at once (wx.setTabBarItem), and so does the page under it
  await alice.waitForSelector(`#wx-tabbar .wx-tab-text >> text=${tabText}`);
}

const LANGS: Lang[] = ['zh-CN', 'en'];

describe.each(LANGS)('in %s', (lang) => {
  beforeAll(async () => {
    if (lang === 'en') await chooseLanguage('English', 'Me');
  }, 60_000);
  afterAll(async () => {
    // back to the phone's own language, for whatever runs next
    if (lang === 'en') await chooseLanguage('Follow the system', '我');
  }, 60_000);

  describe.each(PAGES.filter((p) => VISITS[p]))('%s', (route) => {
    test('renders its content, a title, no error, and fits the screen', async () => {
      const visit = VISITS[route]!;
      const errorsBefore = (await errorsOf(alice)).length;
      const consoleBefore = consoleErrors.length;
      await open(route, visit.query(seeded));
      const root = `[data-wx-page="${route}"]:not([hidden])`;
      await alice.waitForSelector(`${root} >> ${typeof visit.ready === 'function' ? visit.ready(lang) : visit.ready}`);
      // the generic part of "ready": nothing in the page still says it is loading
      await alice.waitForFunction(
        ([r, loading]) => {
          const page = document.querySelector(`[data-wx-page="${r}"]:not([hidden])`);
          return (
            page &&
            ![...page.querySelectorAll('*')].some(
              (el) => (el as HTMLElement).offsetParent !== null && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim() === loading),
            )
          );
        },
        [route, format(lang, 'common_loading')] as const,
      );
      await visit.check?.(alice, root);
      const name = `every-page-${lang === 'en' ? 'en-' : ''}${route.replace(/\//g, '-')}`;
      await shot(alice, name);
      expect(await problems(alice, route, lang)).toEqual([]);
      // a page longer than the screen: its end too, for the person looking at the shots
      const scrolled = await alice.$eval(root, (el) => {
        el.scrollTop = el.scrollHeight;
        return el.scrollHeight > el.clientHeight;
      });
      if (scrolled) await shot(alice, `${name}-end`);
      expect((await errorsOf(alice)).slice(errorsBefore)).toEqual([]);
      expect(consoleErrors.slice(consoleBefore)).toEqual([]);
    });
  });
});
