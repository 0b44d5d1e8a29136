// THE one place where a phone gets its `wx.cloud`: the local cloud's client (localcloud/src/client,
// browser-safe) bound to the phone's openid, or, when the phones page was opened without a cloud
// URL, a stand-in whose every call fails saying so.
//
// Besides wx.cloud itself a phone needs two things from the cloud client:
// - the network status: wx.getNetworkType / wx.onNetworkStatusChange report the client's, so
//   `wx.cloud.faults.setOnline(false)` (tests, the console of the browser) is what the app sees as
//   going offline; the browser's own online/offline events switch the client too;
// - subscribe-message consent: what wx.requestSubscribeMessage resolved is recorded in the local
//   cloud's credit ledger (action `openapi.recordSubscribeConsent`), as WeChat does server-side.
import { createWxCloud } from '../../localcloud/src/client';
import type { PhoneIdentity } from './types';
import type { SubscribeResult } from './wx/subscribe';

export interface NetworkStatus {
  isConnected: boolean;
  networkType: 'wifi' | 'none';
}

export interface NetworkSource {
  getStatus(): NetworkStatus;
  onStatusChange(listener: (status: NetworkStatus) => void): () => void;
  /** The phone frame's offline switch: the same knob as `wx.cloud.faults.setOnline` in the console. */
  setOnline(online: boolean): void;
}

export interface PhoneCloud {
  /** What the mini program sees as `wx.cloud`. */
  api: { init(options?: unknown): void } & Record<string, unknown>;
  network: NetworkSource;
  recordSubscribeConsent(tmplIds: string[], results: SubscribeResult): Promise<void>;
}

const NO_CLOUD = 'no local cloud: open the phones page with ?cloud=http://127.0.0.1:9000 (npm start does)';

/** Every wx.cloud call fails with a message that says what is missing. */
function missingCloud(): PhoneCloud {
  const fail = (name: string) => (options?: { fail?: (e: unknown) => void; complete?: (e: unknown) => void }) => {
    const err = { errMsg: `cloud.${name}:fail ${NO_CLOUD}` };
    console.warn(`[preview] wx.cloud.${name}: ${NO_CLOUD}`);
    options?.fail?.(err);
    options?.complete?.(err);
    return Promise.reject(err);
  };
  const db = new Proxy({}, { get: (_t, p) => (p === 'then' ? undefined : fail(`database().${String(p)}`)) });
  return {
    api: {
      init: () => undefined,
      callFunction: fail('callFunction'),
      uploadFile: fail('uploadFile'),
      downloadFile: fail('downloadFile'),
      getTempFileURL: fail('getTempFileURL'),
      deleteFile: fail('deleteFile'),
      database: () => db,
    },
    // without a cloud there is nothing to cut off: the browser's own status is reported
    network: { ...browserNetwork(), setOnline: () => undefined },
    recordSubscribeConsent: async () => undefined,
  };
}

function browserNetwork(): Omit<NetworkSource, 'setOnline'> {
  const status = (): NetworkStatus => ({ isConnected: navigator.onLine, networkType: navigator.onLine ? 'wifi' : 'none' });
  return {
    getStatus: status,
    onStatusChange(listener) {
      const notify = () => listener(status());
      window.addEventListener('online', notify);
      window.addEventListener('offline', notify);
      return () => {
        window.removeEventListener('online', notify);
        window.removeEventListener('offline', notify);
      };
    },
  };
}

export function cloudFor(identity: PhoneIdentity): PhoneCloud {
  if (!identity.cloudUrl) return missingCloud();
  const baseUrl = identity.cloudUrl.replace(/\/+$/, '');
  const cloud = createWxCloud({ baseUrl, openid: identity.openid, appid: identity.appid });
  // DevTools' "offline" switch is the browser's here; the client's fault knob follows it.
  window.addEventListener('online', () => cloud.faults.setOnline(true));
  window.addEventListener('offline', () => cloud.faults.setOnline(false));
  return {
    api: cloud as unknown as PhoneCloud['api'],
    network: { ...cloud.network, setOnline: (online) => cloud.faults.setOnline(online) },
    async recordSubscribeConsent(tmplIds, results) {
      const res = await fetch(`${baseUrl}/client`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': identity.openid, 'x-wx-appid': identity.appid },
        body: JSON.stringify({ action: 'openapi.recordSubscribeConsent', tmplIds, results }),
      });
      const body = (await res.json()) as { code?: string; message?: string };
      if (body.code) throw new Error(`openapi.recordSubscribeConsent: ${body.code} ${body.message ?? ''}`);
    },
  };
}
