// What WeChat draws around a page: status bar, navigation bar (title, colours, back button,
// the capsule) and the tab bar with badges. Plain DOM, outside glass-easel.
import type { AppJson } from './types';

type Json = Record<string, unknown>;

export interface ChromeHandlers {
  back(): void;
  switchTab(pagePath: string): void;
}

export class Chrome {
  private readonly nav: HTMLElement;
  private readonly title: HTMLElement;
  private readonly backButton: HTMLElement;
  private readonly tabBar: HTMLElement;
  private readonly tabItems: HTMLElement[] = [];
  private readonly titles = new Map<string, string>();
  private readonly badges = new Map<number, string | 'dot' | null>();
  private currentPath = '';
  private navLoading: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: AppJson,
    private readonly handlers: ChromeHandlers,
    private readonly canGoBack: () => boolean,
  ) {
    this.nav = root.querySelector('#wx-navbar')!;
    this.title = this.nav.querySelector('.wx-nav-title')!;
    this.backButton = this.nav.querySelector('.wx-nav-back')!;
    this.navLoading = this.nav.querySelector('.wx-nav-loading')!;
    this.backButton.addEventListener('click', () => handlers.back());
    this.tabBar = root.querySelector('#wx-tabbar')!;
    this.buildTabBar();
  }

  private buildTabBar() {
    const tb = this.app.tabBar;
    if (!tb) return;
    const style = this.tabBar.style;
    style.background = String(tb.backgroundColor ?? '#ffffff');
    this.tabBar.classList.toggle('wx-tabbar-white-border', tb.borderStyle === 'white');
    tb.list.forEach((item, index) => {
      const el = document.createElement('div');
      el.className = 'wx-tab';
      el.dataset.pagePath = item.pagePath.replace(/^\//, '');
      el.innerHTML = `<div class="wx-tab-icon"><img alt=""><span class="wx-tab-badge" hidden></span></div><div class="wx-tab-text"></div>`;
      el.querySelector('.wx-tab-text')!.textContent = item.text;
      if (!item.iconPath) el.classList.add('wx-tab-no-icon');
      el.addEventListener('click', () => this.handlers.switchTab(el.dataset.pagePath!));
      this.tabBar.appendChild(el);
      this.tabItems[index] = el;
    });
  }

  private paintTabs() {
    const tb = this.app.tabBar;
    if (!tb) return;
    tb.list.forEach((item, index) => {
      const el = this.tabItems[index]!;
      const selected = el.dataset.pagePath === this.currentPath;
      el.classList.toggle('wx-tab-selected', selected);
      (el.querySelector('.wx-tab-text') as HTMLElement).style.color = String(selected ? (tb.selectedColor ?? '#07c160') : (tb.color ?? '#7a7e83'));
      const icon = selected ? (item.selectedIconPath ?? item.iconPath) : item.iconPath;
      const img = el.querySelector('img')!;
      if (icon) img.src = `/${icon.replace(/^\//, '')}`;
      img.hidden = !icon;
      const badge = el.querySelector('.wx-tab-badge') as HTMLElement;
      const b = this.badges.get(index);
      badge.hidden = b === undefined || b === null;
      badge.classList.toggle('wx-tab-dot', b === 'dot');
      badge.textContent = b && b !== 'dot' ? b : '';
    });
  }

  showPage(path: string, pageJson: Json, isTab: boolean) {
    this.currentPath = path;
    const win = { ...(this.app.window ?? {}), ...pageJson } as Json;
    const custom = win.navigationStyle === 'custom';
    this.root.classList.toggle('wx-nav-custom', custom);
    this.nav.style.background = String(win.navigationBarBackgroundColor ?? '#f7f7f7');
    const light = win.navigationBarTextStyle === 'white';
    this.root.classList.toggle('wx-nav-light', light);
    this.title.textContent = this.titles.get(path) ?? String(win.navigationBarTitleText ?? '');
    this.backButton.hidden = isTab || !this.canGoBack();
    this.root.classList.toggle('wx-has-tabbar', isTab && Boolean(this.app.tabBar));
    document.body.style.background = String(win.backgroundColor ?? '#ffffff');
    this.paintTabs();
  }

  setTitle(title: string) {
    this.titles.set(this.currentPath, title);
    this.title.textContent = title;
  }

  setNavColors(front: string, background: string) {
    this.root.classList.toggle('wx-nav-light', front.toLowerCase() === '#ffffff');
    this.nav.style.background = background;
  }

  setNavLoading(on: boolean) {
    this.navLoading.hidden = !on;
  }

  setBadge(index: number, value: string | 'dot' | null) {
    if (!this.app.tabBar || index < 0 || index >= this.app.tabBar.list.length) throw new Error('tabbar item not found');
    this.badges.set(index, value);
    this.paintTabs();
  }

  /** wx.setTabBarItem: the words (and icons) of one tab, e.g. in the user's language. */
  setTabItem(index: number, item: { text?: string; iconPath?: string; selectedIconPath?: string }) {
    const list = this.app.tabBar?.list;
    if (!list || index < 0 || index >= list.length) throw new Error('tabbar item not found');
    const entry = list[index]!;
    if (item.text !== undefined) {
      entry.text = item.text;
      this.tabItems[index]!.querySelector('.wx-tab-text')!.textContent = item.text;
    }
    if (item.iconPath) entry.iconPath = item.iconPath;
    if (item.selectedIconPath) entry.selectedIconPath = item.selectedIconPath;
    this.paintTabs();
  }

  setTabBarVisible(visible: boolean) {
    this.tabBar.hidden = !visible;
  }
}
