// One place for the local cloud's defaults and for the environment variables that point the real
// SDKs at it (the firebase emulator habit: one table of ports, one function that sets env vars).
import path from 'path';

export const DEFAULT_PORT = 9000;
export const DEFAULT_ENV_ID = 'local-env';
export const DEFAULT_APPID = 'wxlocalcloud000001';
/** Default data folder, git-ignored. */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../.localcloud');
export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Server-side page size rules (cloudbase-facts.md §5). */
export const SERVER_DEFAULT_LIMIT = 100;
export const SERVER_MAX_LIMIT = 1000;
/** Client (mini program) page size: 20 by default and at most. */
export const CLIENT_MAX_LIMIT = 20;
/** Largest request body the local cloud accepts (CloudBase rejects large payloads too). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

/**
 * The environment a process needs so that the unmodified wx-server-sdk talks to the local cloud
 * (verified against @cloudbase/node-sdk 3.17.2 dist/utils/tcbapiendpoint.js and tcbcontext.js).
 */
export function sdkEnv(baseUrl: string, envId = DEFAULT_ENV_ID): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${baseUrl}/admin` }),
    TENCENTCLOUD_SECRETID: 'local-secret-id',
    TENCENTCLOUD_SECRETKEY: 'local-secret-key',
    SCF_NAMESPACE: envId,
    TCB_ENV: envId,
    TENCENTCLOUD: 'true',
  };
}

/** The caller identity variables wx-server-sdk's getWXContext() reads (cloudbase-facts.md §1). */
export function identityEnv(identity: CallerIdentity): Record<string, string> {
  const env: Record<string, string> = {
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
    WX_OPENID: identity.openid ?? '',
    WX_APPID: identity.appid ?? '',
    WX_UNIONID: identity.unionid ?? '',
    WX_CLIENTIP: '127.0.0.1',
  };
  if (identity.source) env.TCB_SOURCE = identity.source;
  return env;
}

export interface CallerIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** e.g. 'wx_client' for a mini program call, 'wx_devtools', 'scf' for function-to-function. */
  source?: string;
  /** Local only: the mini program page that sent a client request (x-wx-page), for the index advisor. */
  page?: string;
}
