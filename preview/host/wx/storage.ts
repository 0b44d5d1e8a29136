// Storage persisted per phone in localStorage, under a per-user prefix, so several users in
// iframes of one origin do not see each other's data.
import { asyncApi, type ApiOptions } from './api';

export function createStorage(openid: string) {
  const prefix = `wx-storage:${openid}:`;
  const keys = () =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length));
  const setStorageSync = (key: string, data: unknown) => {
    if (typeof key !== 'string' || !key) throw new Error('setStorageSync:fail parameter error: key');
    localStorage.setItem(prefix + key, JSON.stringify({ data }));
  };
  const getStorageSync = (key: string): unknown => {
    const raw = localStorage.getItem(prefix + key);
    // WeChat returns an empty string for a missing key
    return raw === null ? '' : (JSON.parse(raw) as { data: unknown }).data;
  };
  const removeStorageSync = (key: string) => localStorage.removeItem(prefix + key);
  const clearStorageSync = () => keys().forEach(removeStorageSync);
  const getStorageInfoSync = () => ({ keys: keys(), currentSize: 0, limitSize: 10240 });
  return {
    setStorageSync,
    getStorageSync,
    removeStorageSync,
    clearStorageSync,
    getStorageInfoSync,
    setStorage: asyncApi('setStorage', (o: ApiOptions) => setStorageSync(o.key as string, o.data)),
    getStorage: asyncApi('getStorage', (o: ApiOptions) => {
      if (localStorage.getItem(prefix + (o.key as string)) === null) throw new Error('data not found');
      return { data: getStorageSync(o.key as string) };
    }),
    removeStorage: asyncApi('removeStorage', (o: ApiOptions) => removeStorageSync(o.key as string)),
    clearStorage: asyncApi('clearStorage', () => clearStorageSync()),
    getStorageInfo: asyncApi('getStorageInfo', () => getStorageInfoSync()),
  };
}
