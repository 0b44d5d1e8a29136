// The ports filled from the mini program's `wx` (and the preview's wx shim, which has the same
// surface). wx.cloud itself is reached only in cloud.ts; everything else takes ports.
import { wxCloud } from './cloud';
import { systemClock, type LifecyclePort, type NetworkPort, type Platform, type StoragePort } from './ports';

const wxStorage: StoragePort = {
  get<T>(key: string): T | undefined {
    try {
      const value = wx.getStorageSync(key) as T | '';
      // getStorageSync answers '' for a missing key
      return value === '' ? undefined : (value as T);
    } catch {
      return undefined;
    }
  },
  set(key, value) {
    try {
      wx.setStorageSync(key, value);
    } catch {
      // Storage full (10 MB per user): the cache is an optimisation, the server keeps the truth.
    }
  },
  remove(key) {
    try {
      wx.removeStorageSync(key);
    } catch {
      // nothing to do: a key that cannot be removed is overwritten on the next save
    }
  },
};

const wxNetwork: NetworkPort = {
  isOnline: () =>
    new Promise((resolve) => {
      wx.getNetworkType({
        success: (res) => resolve(res.networkType !== 'none'),
        fail: () => resolve(true),
      });
    }),
  onChange(listener) {
    const handler = (res: WechatMiniprogram.OnNetworkStatusChangeListenerResult) => listener(res.isConnected);
    wx.onNetworkStatusChange(handler);
    // The typings declare the off-callback with a narrower parameter than the on-callback.
    return () => wx.offNetworkStatusChange?.(handler as unknown as WechatMiniprogram.OffNetworkStatusChangeCallback);
  },
};

const wxLifecycle: LifecyclePort = {
  onShow(listener) {
    const handler = () => listener();
    wx.onAppShow(handler);
    return () => wx.offAppShow?.(handler);
  },
  onHide(listener) {
    const handler = () => listener();
    wx.onAppHide(handler);
    return () => wx.offAppHide?.(handler);
  },
};

/** Call after wx.cloud.init(). */
export function wxPlatform(): Platform {
  return {
    cloud: wxCloud(),
    storage: wxStorage,
    network: wxNetwork,
    clock: systemClock,
    lifecycle: wxLifecycle,
  };
}
