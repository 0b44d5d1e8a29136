// Result and error shapes of the mini program's wx.cloud, and its two calling styles.
//
// Error shape mimics wx-server-sdk 4.0.2 (index.js `toSDKError`, `msg.apiFailMsg`, TCB_ERR_CODE /
// ERR_CODE tables), which mirrors the mini program's: an Error whose errCode is the numeric code
// and whose errMsg/message is `<api>:fail <errCode> <name>. <message>`; a thrown string or a
// network failure becomes `<api>:fail <text>` with errCode -1. Successes carry `errMsg: '<api>:ok'`.

/** CloudBase string codes to the numbers WeChat reports (wx-server-sdk TCB_ERR_CODE). */
export const TCB_ERR_CODE: Record<string, number> = {
  SYS_ERR: -501001,
  SERVER_TIMEOUT: -501002,
  EXCEED_REQUEST_LIMIT: -501003,
  EXCEED_CONCURRENT_REQUEST_LIMIT: -501004,
  INVALIID_ENV: -501005,
  INVALID_COMMON_PARAM: -501006,
  INVALID_PARAM: -501007,
  INVALID_REQUEST_SOURCE: -501008,
  RESOURCE_NOT_INITIAL: -501009,
  DATABASE_REQUEST_FAILED: -502001,
  DATABASE_INVALID_OPERRATOR: -502002,
  DATABASE_PERMISSION_DENIED: -502003,
  DATABASE_COLLECTION_EXCEED_LIMIT: -502004,
  DATABASE_COLLECTION_NOT_EXIST: -502005,
  STORAGE_REQUEST_FAIL: -503001,
  STORAGE_EXCEED_AUTHORITY: -503002,
  STORAGE_FILE_NONEXIST: -503003,
  STORAGE_SIGN_PARAM_INVALID: -503004,
  FUNCTIONS_REQUEST_FAIL: -504001,
  FUNCTIONS_EXECUTE_FAIL: -504002,
};

/** wx-server-sdk ERR_CODE names for the numbers above. */
const ERR_NAME: Record<number, string> = {
  [-1]: 'unknown error',
  [-501001]: 'resource system error',
  [-501002]: 'resource server timeout',
  [-501003]: 'exceed request limit',
  [-501004]: 'exceed concurrent request limit',
  [-501005]: 'invalid env',
  [-501006]: 'invalid common parameters',
  [-501007]: 'invalid parameters',
  [-501008]: 'invalid request source',
  [-501009]: 'resource not initialized',
  [-502001]: 'database request fail',
  [-502002]: 'database invalid command',
  [-502003]: 'database permission denied',
  [-502004]: 'database exceed collection limit',
  [-502005]: 'database collection not exists',
  [-503001]: 'storage request fail',
  [-503002]: 'storage permission denied',
  [-503003]: 'storage file not exists',
  [-503004]: 'storage invalid sign parameter',
  [-504001]: 'functions request fail',
  [-504002]: 'functions execute fail',
};

export interface WxError extends Error {
  errCode: number | string;
  errMsg: string;
}

/** A CloudBase `{code, message}` as the WeChat error for `api`. */
export function cloudError(api: string, code: string, message: string): WxError {
  const errCode = TCB_ERR_CODE[code] ?? TCB_ERR_CODE.SYS_ERR;
  return makeError(`${api}:fail ${errCode} ${ERR_NAME[errCode] ?? ''}. ${message}`, errCode);
}

export function makeError(errMsg: string, errCode: number | string): WxError {
  const err = new Error(errMsg) as WxError;
  err.errCode = errCode;
  err.errMsg = errMsg;
  return err;
}

/** Anything thrown inside an API call, as the WeChat error for `api`. */
export function toWxError(api: string, e: unknown): WxError {
  if (e && typeof e === 'object' && 'errMsg' in e && typeof (e as WxError).errMsg === 'string' && String((e as WxError).errMsg).startsWith(`${api}:`)) return e as WxError;
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') {
    const { code, message } = e as { code: string; message?: string };
    return cloudError(api, code, message ?? '');
  }
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  return makeError(`${api}:fail ${text}`, -1);
}

/** Throws the SDK's `{code, message}` result (it returns errors instead of throwing) as a WeChat error. */
export function check<T>(api: string, result: T): T {
  const r = result as { code?: unknown; message?: unknown } | null;
  if (r && typeof r.code === 'string' && r.code) throw cloudError(api, r.code, String(r.message ?? ''));
  return result;
}

export interface Callbacks<T> {
  success?: (res: T) => void;
  fail?: (err: WxError) => void;
  complete?: (resOrErr: T | WxError) => void;
}

/**
 * Runs `task` in the mini program's style: with any of success/fail/complete given, calls them and
 * returns undefined (as WeChat APIs do); otherwise returns the promise.
 */
/**
 * What an API call returns: undefined when callbacks were passed, else the promise. (When the
 * callbacks are untyped lambdas TypeScript cannot infer them and says Promise; callback users do not
 * read the return value.)
 */
export type ApiResult<T, O> = [O] extends [{ success: unknown } | { fail: unknown } | { complete: unknown }] ? undefined : Promise<T>;

export function run<T, O extends Callbacks<T> | undefined>(api: string, options: O, task: () => Promise<T>): ApiResult<T, O> {
  const promise = Promise.resolve()
    .then(task)
    .catch((e: unknown) => {
      throw toWxError(api, e);
    });
  return (attachCallbacks(promise, options) ? undefined : promise) as ApiResult<T, O>;
}

/** Calls success/fail/complete when given; true when any was (the caller then returns undefined). */
export function attachCallbacks<T>(promise: Promise<T>, options: Callbacks<T> | undefined): boolean {
  if (!options || !(options.success || options.fail || options.complete)) return false;
  promise.then(
    (res) => {
      options.success?.(res);
      options.complete?.(res);
    },
    (err: WxError) => {
      options.fail?.(err);
      options.complete?.(err);
    },
  );
  return true;
}
