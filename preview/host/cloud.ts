// THE one place where the preview gets its `wx.cloud`. When localcloud/src/client lands with
// `createWxCloud({ baseUrl, openid, appid })`, replace `placeholderCloud` below by that factory.
import type { PhoneIdentity } from './types';
import type { SubscribeHook } from './wx/subscribe';

export interface WxCloudLike {
  init(options?: unknown): void;
  /** Optional: the cloud client records subscribe-message consent through this. */
  onSubscribeResult?: SubscribeHook;
  [api: string]: unknown;
}

export type WxCloudFactory = (options: { baseUrl: string; openid: string; appid: string }) => WxCloudLike;

const NOT_WIRED = 'local cloud client not wired yet (preview/host/cloud.ts)';

/** Placeholder: every call rejects with a message that says what is missing. */
export const placeholderCloud: WxCloudFactory = () => {
  const fail = (name: string) => (options?: { fail?: (e: unknown) => void; complete?: (e: unknown) => void }) => {
    const err = { errMsg: `cloud.${name}:fail ${NOT_WIRED}` };
    console.warn(`[preview] wx.cloud.${name}: ${NOT_WIRED}`);
    options?.fail?.(err);
    options?.complete?.(err);
    return Promise.reject(new Error(err.errMsg));
  };
  const db = new Proxy({}, { get: (_t, p) => (p === 'then' ? undefined : fail(`database().${String(p)}`)) });
  return {
    init: () => undefined,
    callFunction: fail('callFunction'),
    uploadFile: fail('uploadFile'),
    downloadFile: fail('downloadFile'),
    getTempFileURL: fail('getTempFileURL'),
    deleteFile: fail('deleteFile'),
    database: () => db,
  };
};

export const createCloud: WxCloudFactory = placeholderCloud;

export function cloudFor(identity: PhoneIdentity): WxCloudLike {
  return createCloud({ baseUrl: identity.cloudUrl, openid: identity.openid, appid: identity.appid });
}
