// WeChat's calling convention for async APIs: `success`/`fail`/`complete` callbacks, or a Promise
// when none is given; results carry `errMsg: "<name>:ok"`, failures `"<name>:fail <reason>"`.
import type { AnyFn } from '../types';

export type ApiOptions = Record<string, unknown> & { success?: AnyFn; fail?: AnyFn; complete?: AnyFn };
export type WxResult = Record<string, unknown> & { errMsg: string };

export class WxApiError extends Error {
  constructor(readonly result: WxResult) {
    super(result.errMsg);
  }
}

export function asyncApi<O extends ApiOptions>(name: string, impl: (options: O) => unknown | Promise<unknown>) {
  return (options: O = {} as O): Promise<WxResult> | undefined => {
    const promise = Promise.resolve()
      .then(() => impl(options))
      .then(
        (value) => ({ ...((value as object) ?? {}), errMsg: `${name}:ok` }) as WxResult,
        (e: unknown) => {
          const reason = e instanceof Error ? e.message : String(e);
          throw new WxApiError({ errMsg: `${name}:fail ${reason}` });
        },
      );
    const hasCallbacks = Boolean(options.success || options.fail || options.complete);
    if (!hasCallbacks) return promise.catch((e: unknown) => Promise.reject(e instanceof WxApiError ? e.result : e));
    promise.then(
      (res) => {
        options.success?.(res);
        options.complete?.(res);
      },
      (e: unknown) => {
        const res = e instanceof WxApiError ? e.result : { errMsg: `${name}:fail ${String(e)}` };
        options.fail?.(res);
        options.complete?.(res);
      },
    );
    return undefined;
  };
}

/** A stand-in for every API the preview does not implement: loud, never silent. */
export function missingApi(name: string): AnyFn {
  // wx.onX(callback) / wx.offX(callback) register listeners: nothing to fail, and a rejected
  // promise nobody awaits would surface as an unhandled rejection in the app
  if (/^(on|off)[A-Z]/.test(name)) {
    return () => console.warn(`wx.${name} is not available in the preview (the listener never fires)`);
  }
  return (options?: ApiOptions) => {
    console.warn(`wx.${name} is not available in the preview`);
    const res = { errMsg: `${name}:fail not available in the preview` };
    if (options && typeof options === 'object') {
      options.fail?.(res);
      options.complete?.(res);
      if (options.fail || options.complete || options.success) return undefined;
    }
    return Promise.reject(res);
  };
}
