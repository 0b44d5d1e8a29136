// WeChat open-API answers are JSON bodies `{errcode, errmsg, ...}`; errcode 0 means success and
// wx-server-sdk throws `{errCode: errcode, errMsg}` for any other (openapi/namespace/generic.ts).
import { randomBytes } from 'crypto';

export interface WxAnswer {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

export const ok = (fields: Record<string, unknown> = {}): WxAnswer => ({ errcode: 0, errmsg: 'ok', ...fields });
export const wxError = (errcode: number, errmsg: string): WxAnswer => ({ errcode, errmsg });

/** WeChat's trace ids look like `60f96f1d-3845297a-1976a3ae`. */
export function traceId(): string {
  const hex = randomBytes(12).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`;
}

/** The shared checks of the v2 security APIs (msgSecCheck, mediaCheckAsync), WeChat's codes. */
export function checkSecurityV2Params(p: Record<string, unknown>): WxAnswer | undefined {
  if (p.version !== 2) return wxError(47001, 'data format error hint: only version 2 is emulated by the local cloud');
  if (typeof p.openid !== 'string' || !p.openid) return wxError(40003, 'invalid openid');
  if (![1, 2, 3, 4].includes(p.scene as number)) return wxError(40129, 'invalid scene (1 profile, 2 comment, 3 forum, 4 social log)');
  return undefined;
}
