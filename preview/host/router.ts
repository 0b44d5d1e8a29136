// The page stack: what WeChat's framework does around Page(): one root component per page, the
// page lifecycles in WeChat's order, the tab pages kept alive, at most 10 pages deep.
import type * as adapter from 'glass-easel-miniprogram-adapter';
import type { Spaces } from './space';
import type { AppJson } from './types';
import type { Chrome } from './chrome';
import { PullDownRefresh } from './pulldown';

type PageCaller = Record<string, unknown> & {
  route: string;
  options: Record<string, string>;
  __wxExparserNodeId__?: string;
};

export interface PageEntry {
  path: string;
  query: Record<string, string>;
  root: adapter.Root;
  container: HTMLElement;
  caller: PageCaller;
  json: Record<string, unknown>;
  /** Set when the page (or app.json window) has enablePullDownRefresh. */
  pullDown?: PullDownRefresh;
}

const MAX_DEPTH = 10;

export function parseUrl(url: string, from?: string): { path: string; query: Record<string, string> } {
  const [rawPath, search = ''] = url.split('?') as [string, string?];
  let path = rawPath;
  if (!path.startsWith('/') && from) {
    const parts = from.split('/').slice(0, -1);
    for (const seg of path.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    path = parts.join('/');
  }
  path = path.replace(/^\//, '').replace(/\.(wxml|js|ts)$/, '');
  // WeChat hands onLoad the query values as written in the url, still percent-encoded (pages
  // decodeURIComponent what they encoded); URLSearchParams would decode them, and turn '+' into ' '.
  const query: Record<string, string> = {};
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    query[eq < 0 ? pair : pair.slice(0, eq)] = eq < 0 ? '' : pair.slice(eq + 1);
  }
  return { path, query };
}

export class Router {
  readonly stack: PageEntry[] = [];
  /** Tab pages stay alive while another tab is shown, as in WeChat. */
  private readonly tabPages = new Map<string, PageEntry>();

  constructor(
    private readonly spaces: Spaces,
    private readonly app: AppJson,
    private readonly pageJson: (path: string) => Record<string, unknown>,
    private readonly chrome: Chrome,
    private readonly host: HTMLElement,
  ) {}

  get current(): PageEntry | undefined {
    return this.stack[this.stack.length - 1];
  }

  isTab(path: string): boolean {
    return Boolean(this.app.tabBar?.list.some((t) => t.pagePath.replace(/^\//, '') === path));
  }

  private knownPage(path: string): boolean {
    const subs = [...(this.app.subpackages ?? []), ...(this.app.subPackages ?? [])];
    return this.app.pages.includes(path) || subs.some((s) => s.pages.some((p) => `${s.root.replace(/\/$/, '')}/${p}` === path));
  }

  private call(entry: PageEntry, name: string, ...args: unknown[]): unknown {
    const fn = entry.caller[name];
    try {
      return typeof fn === 'function' ? (fn as (...a: unknown[]) => unknown).apply(entry.caller, args) : undefined;
    } catch (e) {
      console.error(`[preview] ${entry.path}.${name} threw`, e);
      return undefined;
    }
  }

  private lifetime(entry: PageEntry, name: 'show' | 'hide') {
    entry.root.getComponent().triggerPageLifetime(name, []);
  }

  private create(path: string, query: Record<string, string>): PageEntry {
    if (!this.knownPage(path)) throw new Error(`page "${path}" is not in app.json`);
    const container = document.createElement('div');
    container.className = 'wx-page';
    container.dataset.wxPage = path;
    const placeholder = document.createElement('span');
    container.appendChild(placeholder);
    this.host.appendChild(container);
    const root = this.spaces.backend.createRoot('wx-page-body', this.spaces.main, path);
    root.attach(container as never, placeholder as never);
    const caller = root.get() as unknown as PageCaller;
    caller.route = path;
    caller.options = query;
    const entry: PageEntry = { path, query, root, container, caller, json: this.pageJson(path) };
    this.watchScroll(entry);
    const win = { ...(this.app.window ?? {}), ...entry.json };
    if (win.enablePullDownRefresh === true) entry.pullDown = new PullDownRefresh(container, win, () => this.call(entry, 'onPullDownRefresh'));
    this.call(entry, 'onLoad', { ...query });
    return entry;
  }

  private watchScroll(entry: PageEntry) {
    const distance = Number(entry.json.onReachBottomDistance ?? 50);
    let reached = false;
    entry.container.addEventListener('scroll', () => {
      const el = entry.container;
      this.call(entry, 'onPageScroll', { scrollTop: el.scrollTop });
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= distance;
      if (atBottom && !reached) this.call(entry, 'onReachBottom');
      reached = atBottom;
    });
  }

  private show(entry: PageEntry) {
    for (const el of this.host.children) (el as HTMLElement).hidden = el !== entry.container;
    this.chrome.showPage(entry.path, entry.json, this.isTab(entry.path));
    this.call(entry, 'onShow');
    this.lifetime(entry, 'show');
  }

  /** The app went to the background: the page on screen gets onHide (it stays on the stack). */
  suspendCurrent() {
    if (this.current) this.hide(this.current);
  }

  /** Back from the background: the page on screen gets onShow again. */
  resumeCurrent() {
    const entry = this.current;
    if (!entry) return;
    this.call(entry, 'onShow');
    this.lifetime(entry, 'show');
  }

  private hide(entry: PageEntry) {
    this.call(entry, 'onHide');
    this.lifetime(entry, 'hide');
  }

  private destroy(entry: PageEntry) {
    this.call(entry, 'onUnload');
    entry.root.release();
    entry.container.remove();
    if (this.tabPages.get(entry.path) === entry) this.tabPages.delete(entry.path);
  }

  private open(path: string, query: Record<string, string>): PageEntry {
    const entry = this.create(path, query);
    this.stack.push(entry);
    this.show(entry);
    // onReady comes after the first render, as in WeChat
    requestAnimationFrame(() => this.call(entry, 'onReady'));
    return entry;
  }

  navigateTo(url: string) {
    const { path, query } = parseUrl(url, this.current?.path);
    if (this.isTab(path)) throw new Error('can not navigateTo a tabbar page');
    if (this.stack.length >= MAX_DEPTH) throw new Error('webview count limit exceed');
    if (!this.knownPage(path)) throw new Error(`page "${path}" is not found`);
    if (this.current) this.hide(this.current);
    this.open(path, query);
  }

  redirectTo(url: string) {
    const { path, query } = parseUrl(url, this.current?.path);
    if (this.isTab(path)) throw new Error('can not redirectTo a tabbar page');
    if (!this.knownPage(path)) throw new Error(`page "${path}" is not found`);
    const top = this.stack.pop();
    if (top) this.destroy(top);
    this.open(path, query);
  }

  navigateBack(delta = 1) {
    if (this.stack.length <= 1) return;
    const n = Math.min(Math.max(1, delta), this.stack.length - 1);
    for (let i = 0; i < n; i += 1) this.destroy(this.stack.pop()!);
    this.show(this.current!);
  }

  switchTab(url: string) {
    const { path } = parseUrl(url, this.current?.path);
    if (!this.isTab(path)) throw new Error('can not switch to no-tabBar page');
    const top = this.current;
    if (top?.path === path) return;
    if (top) this.hide(top);
    // switching tabs closes every non-tab page
    while (this.stack.length) {
      const e = this.stack.pop()!;
      if (!this.isTab(e.path)) this.destroy(e);
    }
    const kept = this.tabPages.get(path);
    if (kept) {
      this.stack.push(kept);
      this.show(kept);
    } else {
      const entry = this.open(path, {});
      this.tabPages.set(path, entry);
    }
  }

  reLaunch(url: string) {
    const { path, query } = parseUrl(url, this.current?.path);
    if (!this.knownPage(path)) throw new Error(`page "${path}" is not found`);
    while (this.stack.length) this.destroy(this.stack.pop()!);
    for (const e of [...this.tabPages.values()]) this.destroy(e);
    const entry = this.open(path, query);
    if (this.isTab(path)) this.tabPages.set(path, entry);
  }

  /** wx.startPullDownRefresh: WeChat opens the page's refresh (only where it is enabled). */
  startPullDownRefresh(entry = this.current) {
    if (!entry?.pullDown) throw new Error('enablePullDownRefresh is not set for this page');
    entry.pullDown.begin();
  }

  stopPullDownRefresh(entry = this.current) {
    entry?.pullDown?.stop();
  }

  share(entry = this.current, from: 'button' | 'menu' = 'menu', target?: unknown): unknown {
    return entry ? this.call(entry, 'onShareAppMessage', { from, target }) : undefined;
  }
}
