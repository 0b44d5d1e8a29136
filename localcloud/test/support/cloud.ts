// Test support: a fresh local cloud on a free port with its own temporary data folder, and the
// unmodified wx-server-sdk pointed at it. jest gives every test file its own module registry, so
// each file gets its own SDK instance; the env vars are process-global, as in a real function.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCloud, LocalCloudOptions } from '../../src/cloud';
import { identityEnv, CallerIdentity } from '../../src/config';

export async function startTestCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-test-'));
  return LocalCloud.start({ port: 0, ...options, dataDir });
}

/** wx-server-sdk as a cloud function would see it, calling `cloud` as `identity`. */
export function serverSdk(cloud: LocalCloud, identity: CallerIdentity = {}): typeof import('wx-server-sdk') {
  Object.assign(process.env, cloud.sdkEnv(), identityEnv(identity));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env is set
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
  // DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string });
  return sdk;
}
