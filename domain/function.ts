// The shape of every cloud function: parse and validate the event against its contract (ajv),
// then call a plain handler; errors come back as values with stable codes (STYLE.md habit 4).
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { AppError, AppErrorCode, FunctionResult } from './errors';
import { compile, describeErrors } from './validate';

export interface Caller {
  openid: string;
  appid: string;
}

/**
 * A function's request contract: the schema of its event, and the event type `T` derived from the
 * schema once, where the contract is declared (ts-rest habit: never written twice).
 */
export interface Contract<T> {
  name: string;
  schema: Record<string, unknown>;
  /** Type carrier only; never set at run time. */
  readonly __request?: T;
}

export type RequestOf<C> = C extends Contract<infer T> ? T : never;

export function contract<const S extends JSONSchema>(name: string, schema: S): Contract<FromSchema<S>> {
  return { name, schema: schema as Record<string, unknown> };
}

/** The parts of the wx-server-sdk a handler uses, passed in so handlers stay plain functions. */
export interface FunctionContext<Cloud> {
  caller: Caller;
  cloud: Cloud;
}

type GetContext = () => { OPENID?: string; APPID?: string; SOURCE?: string };

export interface FunctionOptions {
  /** Timer triggers have no OPENID; functions that serve timers or pushes pass it. */
  allowAnonymous?: boolean;
  /**
   * Refuse any call whose chain began in a mini program. getWXContext().SOURCE names the chain's
   * origin first ("wx_client", "wx_client,scf" when a function called by the app calls us; timers
   * run as "wx_trigger", message pushes as "wx_message_push"). database/functions/rules.json also
   * denies these functions to clients; this is the same promise kept by the function itself, so a
   * rules file that lost a line does not open a timer to every user.
   */
  triggersOnly?: boolean;
}

/**
 * Wraps a handler as a cloud function `main`. Unknown fields, wrong types and missing fields are
 * refused with INVALID_INPUT before the handler runs, so nothing is changed.
 */
export function defineFunction<T, Cloud, R>(
  spec: Contract<T>,
  cloud: Cloud & { getWXContext: GetContext },
  handler: (request: T, ctx: FunctionContext<Cloud>) => Promise<R>,
  options: FunctionOptions = {},
): (event: unknown) => Promise<FunctionResult<R>> {
  const validate = compile(spec.schema);
  return async (event: unknown) => {
    try {
      const { OPENID = '', APPID = '', SOURCE = '' } = cloud.getWXContext();
      if (options.triggersOnly && SOURCE.split(',')[0] === 'wx_client') throw new AppError(AppErrorCode.FORBIDDEN, `${spec.name} serves timers and pushes only`);
      if (!OPENID && !options.allowAnonymous) throw new AppError(AppErrorCode.UNAUTHENTICATED, 'no caller identity');
      // CloudBase adds userInfo {appId, openId} to events from mini programs; it is not input.
      const { userInfo: _userInfo, ...request } = (event ?? {}) as Record<string, unknown>;
      if (!validate(request)) throw new AppError(AppErrorCode.INVALID_INPUT, `${spec.name}: ${describeErrors(validate.errors)}`);
      const data = await handler(request as T, { caller: { openid: OPENID, appid: APPID }, cloud });
      return { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
      console.error(`${spec.name} failed`, err);
      return { ok: false, error: { code: AppErrorCode.INTERNAL, message: (err as Error)?.message ?? String(err) } };
    }
  };
}
