// System info, network, clipboard, files from the browser's file picker, login.
import { asyncApi, type ApiOptions } from './api';
import type { AnyFn } from '../types';
import type { NetworkSource } from '../cloud';

export function fontSizeSetting(): number {
  const asked = Number(new URLSearchParams(location.search).get('fontSize'));
  return Number.isFinite(asked) && asked >= 12 && asked <= 40 ? asked : 16;
}

export function systemInfo() {
  const w = window.innerWidth;
  const h = window.innerHeight;
  return {
    brand: 'devtools',
    model: 'iPhone 6/7/8 (preview)',
    pixelRatio: window.devicePixelRatio || 2,
    screenWidth: w,
    screenHeight: h,
    windowWidth: w,
    windowHeight: h,
    statusBarHeight: 20,
    safeArea: { left: 0, right: w, top: 20, bottom: h, width: w, height: h - 20 },
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 16.0',
    platform: 'devtools',
    SDKVersion: '3.7.8',
    theme: 'light',
    // the user's WeChat font size in px; the phone's URL may set it (?fontSize=20) to try a larger one
    fontSizeSetting: fontSizeSetting(),
  };
}

function pickFiles(accept: string, multiple: boolean): Promise<File[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.remove();
      if (files.length) resolve(files);
      else reject(new Error('cancel'));
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject(new Error('cancel'));
    });
    document.body.appendChild(input);
    input.click();
  });
}

/** Temp file paths are blob: URLs; the cloud client's uploadFile reads them back with fetch. */
const tempFile = (f: File) => ({ tempFilePath: URL.createObjectURL(f), path: '', size: f.size, name: f.name, type: f.type });

export function createDevice(network: NetworkSource, appid: string) {
  const networkListeners = new Set<AnyFn>();
  network.onStatusChange((status) => [...networkListeners].forEach((cb) => cb({ ...status })));
  let clipboard = '';

  return {
    getSystemInfoSync: systemInfo,
    getSystemInfo: asyncApi('getSystemInfo', () => systemInfo()),
    getWindowInfo: () => systemInfo(),
    getDeviceInfo: () => systemInfo(),
    getAppBaseInfo: () => systemInfo(),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 26, right: window.innerWidth - 7, bottom: 58, left: window.innerWidth - 94 }),
    getNetworkType: asyncApi('getNetworkType', () => ({ networkType: network.getStatus().networkType })),
    onNetworkStatusChange: (cb: AnyFn) => networkListeners.add(cb),
    offNetworkStatusChange: (cb?: AnyFn) => (cb ? networkListeners.delete(cb) : networkListeners.clear()),
    setClipboardData: asyncApi('setClipboardData', async (o: ApiOptions) => {
      clipboard = String(o.data ?? '');
      await navigator.clipboard?.writeText(clipboard).catch(() => undefined);
    }),
    getClipboardData: asyncApi('getClipboardData', async () => {
      const text = await navigator.clipboard?.readText().catch(() => undefined);
      return { data: text ?? clipboard };
    }),
    chooseMedia: asyncApi('chooseMedia', async (o: ApiOptions) => {
      const types = (o.mediaType as string[] | undefined) ?? ['image', 'video'];
      const accept = types.map((t) => (t === 'mix' ? 'image/*,video/*' : `${t}/*`)).join(',');
      const files = await pickFiles(accept, Number(o.count ?? 9) > 1);
      return {
        type: files.every((f) => f.type.startsWith('image/')) ? 'image' : files.every((f) => f.type.startsWith('video/')) ? 'video' : 'mix',
        tempFiles: files.slice(0, Number(o.count ?? 9)).map((f) => ({ ...tempFile(f), fileType: f.type.startsWith('video/') ? 'video' : 'image' })),
      };
    }),
    chooseImage: asyncApi('chooseImage', async (o: ApiOptions) => {
      const files = (await pickFiles('image/*', Number(o.count ?? 9) > 1)).slice(0, Number(o.count ?? 9));
      return { tempFilePaths: files.map((f) => tempFile(f).tempFilePath), tempFiles: files.map((f) => ({ ...tempFile(f), path: tempFile(f).tempFilePath })) };
    }),
    chooseMessageFile: asyncApi('chooseMessageFile', async (o: ApiOptions) => {
      const files = (await pickFiles('', Number(o.count ?? 1) > 1)).slice(0, Number(o.count ?? 1));
      return { tempFiles: files.map((f) => ({ ...tempFile(f), path: tempFile(f).tempFilePath, time: Math.floor(Date.now() / 1000) })) };
    }),
    previewImage: asyncApi('previewImage', (o: ApiOptions) => {
      window.open(String(o.current ?? (o.urls as string[])[0]), '_blank');
    }),
    vibrateShort: asyncApi('vibrateShort', () => undefined),
    vibrateLong: asyncApi('vibrateLong', () => undefined),
    login: asyncApi('login', () => ({ code: `preview-code-${Math.random().toString(36).slice(2, 10)}` })),
    nextTick: (cb: AnyFn) => queueMicrotask(() => cb()),
    canIUse: () => true,
    getLaunchOptionsSync: () => ({ path: '', query: {}, scene: 1001, referrerInfo: {} }),
    getEnterOptionsSync: () => ({ path: '', query: {}, scene: 1001, referrerInfo: {} }),
    getAccountInfoSync: () => ({ miniProgram: { appId: appid, envVersion: 'develop', version: '' } }),
    showShareMenu: asyncApi('showShareMenu', () => undefined),
    hideShareMenu: asyncApi('hideShareMenu', () => undefined),
    onNeedPrivacyAuthorization: () => undefined,
    getPrivacySetting: asyncApi('getPrivacySetting', () => ({ needAuthorization: false, privacyContractName: 'Community Chat privacy guide' })),
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize', () => undefined),
  };
}
