// The `wx` object of one phone: navigation through the router, UI feedback, storage, device
// APIs, `wx.cloud` from host/cloud.ts; any other name warns loudly instead of failing silently.
import { asyncApi, missingApi, type ApiOptions } from './api';
import { createStorage } from './storage';
import { createFeedback } from './feedback';
import { createDevice } from './device';
import { createSubscribe } from './subscribe';
import type { Router } from '../router';
import type { Chrome } from '../chrome';
import type { PhoneCloud } from '../cloud';
import type { PhoneIdentity } from '../types';
import type { AppLifecycle } from '../lifecycle';

export interface WxContext {
  identity: PhoneIdentity;
  router: () => Router;
  chrome: () => Chrome;
  overlay: HTMLElement;
  cloud: PhoneCloud;
  lifecycle: AppLifecycle;
}

function tabIndex(o: ApiOptions): number {
  return Number(o.index);
}

export function createWx(ctx: WxContext): WechatMiniprogram.Wx {
  const feedback = createFeedback(ctx.overlay);
  const nav = (name: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch') => asyncApi(name, (o: ApiOptions) => ctx.router()[name](String(o.url ?? '')));
  const api: Record<string, unknown> = {
    ...createStorage(ctx.identity.openid),
    ...createDevice(ctx.cloud.network, ctx.identity.appid),
    ...feedback,
    ...createSubscribe(feedback, (ids, result) => ctx.cloud.recordSubscribeConsent(ids, result)),
    ...ctx.lifecycle.wxApis(),
    sheet: undefined,
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    switchTab: nav('switchTab'),
    reLaunch: nav('reLaunch'),
    navigateBack: asyncApi('navigateBack', (o: ApiOptions) => ctx.router().navigateBack(Number(o.delta ?? 1))),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', (o: ApiOptions) => ctx.chrome().setTitle(String(o.title ?? ''))),
    setNavigationBarColor: asyncApi('setNavigationBarColor', (o: ApiOptions) => ctx.chrome().setNavColors(String(o.frontColor ?? '#000000'), String(o.backgroundColor ?? '#f7f7f7'))),
    showNavigationBarLoading: asyncApi('showNavigationBarLoading', () => ctx.chrome().setNavLoading(true)),
    hideNavigationBarLoading: asyncApi('hideNavigationBarLoading', () => ctx.chrome().setNavLoading(false)),
    setTabBarBadge: asyncApi('setTabBarBadge', (o: ApiOptions) => ctx.chrome().setBadge(tabIndex(o), String(o.text ?? ''))),
    removeTabBarBadge: asyncApi('removeTabBarBadge', (o: ApiOptions) => ctx.chrome().setBadge(tabIndex(o), null)),
    showTabBarRedDot: asyncApi('showTabBarRedDot', (o: ApiOptions) => ctx.chrome().setBadge(tabIndex(o), 'dot')),
    hideTabBarRedDot: asyncApi('hideTabBarRedDot', (o: ApiOptions) => ctx.chrome().setBadge(tabIndex(o), null)),
    setTabBarItem: asyncApi('setTabBarItem', (o: ApiOptions) =>
      ctx.chrome().setTabItem(tabIndex(o), {
        ...(o.text !== undefined ? { text: String(o.text) } : {}),
        ...(o.iconPath ? { iconPath: String(o.iconPath) } : {}),
        ...(o.selectedIconPath ? { selectedIconPath: String(o.selectedIconPath) } : {}),
      }),
    ),
    showTabBar: asyncApi('showTabBar', () => ctx.chrome().setTabBarVisible(true)),
    hideTabBar: asyncApi('hideTabBar', () => ctx.chrome().setTabBarVisible(false)),
    startPullDownRefresh: asyncApi('startPullDownRefresh', () => ctx.router().startPullDownRefresh()),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', () => ctx.router().stopPullDownRefresh()),
    pageScrollTo: asyncApi('pageScrollTo', (o: ApiOptions) => {
      ctx.router().current?.container.scrollTo({ top: Number(o.scrollTop ?? 0), behavior: o.duration === 0 ? 'auto' : 'smooth' });
    }),
    createSelectorQuery: () => {
      const page = ctx.router().current?.caller as unknown as { createSelectorQuery(): unknown } | undefined;
      if (!page) throw new Error('wx.createSelectorQuery: no page is shown');
      return page.createSelectorQuery();
    },
    cloud: ctx.cloud.api,
  };
  delete api.sheet;
  const warned = new Set<string>();
  return new Proxy(api, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop in target) return target[prop as string];
      if (prop === 'then' || prop === 'toJSON') return undefined;
      if (!warned.has(prop)) warned.add(prop);
      return missingApi(prop);
    },
  }) as unknown as WechatMiniprogram.Wx;
}
