// Boots one phone: the identity from the URL, the glass-easel spaces, the globals a mini program
// expects (wx, App, getApp, getCurrentPages, Behavior), app.ts, then the first page.
import { createSpaces, loadUnits } from './space';
import { Router } from './router';
import { Chrome } from './chrome';
import { AppLifecycle } from './lifecycle';
import { createWx } from './wx';
import { cloudFor, type NetworkSource } from './cloud';
import { StatusBar } from './statusbar';
import { quietSdkDebugLogs } from './quiet-sdk';
import { enableKeyboard } from './keyboard';
import { DEFAULT_APPID } from '../../localcloud/src/client';
import type { BootConfig, PhoneIdentity } from './types';

type AppInstance = Record<string, unknown> & { globalData?: Record<string, unknown> };

function identityFromUrl(): PhoneIdentity {
  const q = new URLSearchParams(location.search);
  return {
    openid: q.get('openid') || 'preview-user',
    name: q.get('name') || q.get('openid') || 'Preview user',
    cloudUrl: q.get('cloud') || '',
    appid: q.get('appid') || DEFAULT_APPID,
  };
}

export interface PreviewHandle {
  identity: PhoneIdentity;
  router: Router;
  app: AppInstance;
  /** background() / foreground(): what switching away from WeChat and back does to the app. */
  lifecycle: AppLifecycle;
  /** The phone's network, which the offline switch on its frame (index.html) drives. */
  network: NetworkSource;
}

declare global {
  interface Window {
    __preview?: PreviewHandle;
    __previewErrors: string[];
  }
}

export function boot(config: BootConfig): void {
  quietSdkDebugLogs();
  window.__previewErrors = [];
  window.addEventListener('error', (e) => window.__previewErrors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__previewErrors.push(`unhandled rejection: ${String((e.reason as Error)?.message ?? e.reason)}`));
  const identity = identityFromUrl();
  document.title = `${identity.name} · Community Chat`;
  const g = globalThis as unknown as Record<string, unknown>;
  // WXS's own globals (WeChat's WXS runtime has them; the template compiler leaves them free)
  g.getRegExp = (pattern: string, flags?: string) => new RegExp(pattern, flags);
  g.getDate = (...args: ConstructorParameters<typeof Date>) => new Date(...args);

  const spaces = createSpaces(config);
  // mobx-miniprogram-bindings reads a global Behavior when it loads, outside any component file
  spaces.main.componentEnv('__preview__/globals', ({ Behavior }) => {
    g.Behavior = Behavior;
  });

  const pageJson = new Map(config.units.filter((u) => u.isPage).map((u) => [u.path, u.json]));
  const phone = document.getElementById('wx-phone')!;
  // `router` is declared below: the chrome's callbacks only run after it exists.
  const chrome = new Chrome(
    phone,
    config.appJson,
    {
      back: () => router.navigateBack(1),
      switchTab: (p) => router.switchTab(`/${p}`),
    },
    () => router.stack.length > 1,
  );
  const router = new Router(spaces, config.appJson, (p) => pageJson.get(p) ?? {}, chrome, document.getElementById('wx-pages')!);

  const cloud = cloudFor(identity);
  let app: AppInstance = {};
  const lifecycle = new AppLifecycle(
    () => router,
    (name, options) => {
      const fn = app[name];
      if (typeof fn === 'function') (fn as (o?: unknown) => unknown).call(app, options);
    },
  );
  g.wx = createWx({ identity, router: () => router, chrome: () => chrome, overlay: document.getElementById('wx-overlay')!, cloud, lifecycle });
  g.App = (definition: AppInstance) => {
    app = definition;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => router.stack.map((e) => e.caller);
  g.requirePlugin = (name: string) => {
    console.warn(`requirePlugin("${name}") is not available in the preview`);
    return {};
  };

  config.loadApp();
  loadUnits(spaces, config);
  const launch = { path: '', query: {}, scene: 1001, referrerInfo: {} };
  const call = (name: string, ...args: unknown[]) => {
    const fn = app[name];
    if (typeof fn === 'function') (fn as (...a: unknown[]) => unknown).apply(app, args);
  };
  const first = (new URLSearchParams(location.search).get('page') || (config.appJson.entryPagePath as string | undefined) || config.appJson.pages[0])!;
  launch.path = first;
  call('onLaunch', launch);
  call('onShow', launch);
  router.reLaunch(`/${first.replace(/^\//, '')}`);
  lifecycle.followDocumentVisibility(document);
  enableKeyboard(phone);
  new StatusBar(document.getElementById('wx-status')!, cloud.network).start();
  window.__preview = { identity, router, app, lifecycle, network: cloud.network };
  document.body.dataset.previewReady = 'true';
}
