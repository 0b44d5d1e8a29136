// Calling contexts: who an invocation runs as, and how a call arriving at /admin is traced back to the
// invocation that made it.
//
// CloudBase injects a per-invocation token into each function instance (WX_API_TOKEN, or
// WX_TRIGGER_API_TOKEN_V0 when TRIGGER_SRC=timer) and @cloudbase/node-sdk 3.17.2 sends it as
// `wxCloudApiToken` in every request body (dist/utils/wxCloudToken.js, tcbapirequester.js makeParams):
// that is how the platform knows which user's call a server-side request belongs to. The runner does
// the same, and also puts the token in the API URL path (`TCB_CONTEXT_CNFG.URL = <base>/admin/<token>`,
// read per request by dist/utils/tcbcontext.js getServerInjectUrl), so any service can tell the calling
// invocation from the URL alone.
//
// Identity carried along a chain: WeChat's docs (Cloud.getWXContext) say SOURCE follows the chain,
// "wx_client" in function A called by the mini program, "wx_client,scf" in B called by A; the user's
// OPENID/APPID are carried to B as well (the token stands for the original call).
import { randomBytes } from 'crypto';
import { CallerIdentity, identityEnv } from '../config';
import type { ActionContext } from '../server/router';

export interface CallingContext {
  identity: CallerIdentity;
  /** The invocation this token belongs to; absent for contexts issued to Node-side callers. */
  invocationId?: string;
  /** The function that invocation runs (the index advisor names it as a query's source). */
  functionName?: string;
}

export class ContextTokens {
  private readonly byToken = new Map<string, CallingContext>();

  issue(context: CallingContext): string {
    const token = randomBytes(12).toString('hex');
    this.byToken.set(token, context);
    return token;
  }

  revoke(token: string): void {
    this.byToken.delete(token);
  }

  get(token: string | undefined): CallingContext | undefined {
    return token ? this.byToken.get(token) : undefined;
  }

  /** The calling context of a request at /admin (URL token first, then the body's wxCloudApiToken). */
  fromRequest(params: Record<string, unknown>, ctx: Pick<ActionContext, 'url'>): CallingContext | undefined {
    const match = /^\/admin\/([^/]+)$/.exec(ctx.url.pathname);
    return this.get(match?.[1]) ?? this.get(typeof params.wxCloudApiToken === 'string' ? params.wxCloudApiToken : undefined);
  }
}

/** The identity a callee sees when `caller` calls it from inside a function. */
export function calleeIdentity(caller: CallerIdentity): CallerIdentity {
  return { ...caller, source: caller.source ? `${caller.source},scf` : 'scf' };
}

/**
 * The per-call environment of a function instance (or of a Node process acting as one).
 * - getWXContext() reports every WX_CONTEXT_KEYS entry, empty ones as "". CloudBase leaves out what it
 *   does not know (no OPENID in a timer run), so empty identity variables are left off the list.
 * - The token variables must be listed in WX_CONTEXT_KEYS: node-sdk's getCloudbaseContext only reads
 *   listed keys, and wx-server-sdk's getWXContext hides exactly these two (CONTEXT_KEYS_BLACKLIST
 *   'API_TOKEN', 'TRIGGER_API_TOKEN_V0'), which is how the real platform lists them.
 */
export function contextEnv(identity: CallerIdentity, token: string, baseUrl: string, timer = false): Record<string, string> {
  const base = identityEnv(identity);
  // The client IP is a property of a user's call; identityEnv always fills it, so keep it only then.
  const identityKeys = base.WX_CONTEXT_KEYS.split(',').filter((k) => base[k] && (k !== 'WX_CLIENTIP' || identity.openid));
  const env: Record<string, string> = {};
  for (const k of identityKeys) env[k] = base[k];
  if (base.TCB_SOURCE) env.TCB_SOURCE = base.TCB_SOURCE;
  env.WX_API_TOKEN = token;
  const tokenKeys = ['WX_API_TOKEN'];
  if (timer) {
    env.TRIGGER_SRC = 'timer';
    env.WX_TRIGGER_API_TOKEN_V0 = token;
    tokenKeys.push('WX_TRIGGER_API_TOKEN_V0');
  }
  env.WX_CONTEXT_KEYS = [...identityKeys, ...tokenKeys].join(',');
  env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${baseUrl}/admin/${token}` });
  return env;
}
