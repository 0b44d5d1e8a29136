// The mini program's `wx` for Node-side tests of its services, without the rest of
// miniprogram-api-typings' globals: its `require`, `console`, `setTimeout` and `module` would
// replace Node's for the local cloud code these tests also load (tsconfig.json here).
/* eslint-disable @typescript-eslint/triple-slash-reference -- globals of three files, not a module to import */
/// <reference path="../../node_modules/miniprogram-api-typings/types/wx/lib.wx.api.d.ts" />
/// <reference path="../../node_modules/miniprogram-api-typings/types/wx/lib.wx.cloud.d.ts" />
/// <reference path="../../node_modules/miniprogram-api-typings/types/wx/lib.wx.event.d.ts" />

declare namespace WechatMiniprogram {
  // the helper types miniprogram-api-typings declares in types/wx/index.d.ts, beside its globals
  type IAnyObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as upstream
  type Optional<F> = F extends (arg: infer P) => infer R ? (arg?: P) => R : F;
  type OptionalInterface<T> = { [K in keyof T]: Optional<T[K]> };
  interface AsyncMethodOptionLike {
    success?: (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any -- as upstream
  }
  type PromisifySuccessResult<P, T extends AsyncMethodOptionLike> = P extends { success: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- as upstream
    ? void
    : P extends { fail: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- as upstream
      ? void
      : P extends { complete: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- as upstream
        ? void
        : Promise<Parameters<Exclude<T['success'], undefined>>[0]>;
}

declare let wx: WechatMiniprogram.Wx;
