// Cloud function invocation latency on the local cloud: cold (a new instance process per call) and warm
// (a pooled instance), each the median of N calls of the `whoami` fixture (real wx-server-sdk inside,
// getWXContext, JSON round trip), plus warm calls made through the real wx-server-sdk from outside and
// a function-to-function hop, and a concurrent throughput run.
//
//   npx tsx scripts/bench-functions.ts [--calls 50]
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCloud } from '../localcloud/src/cloud';
import type { FunctionsOptions } from '../localcloud/src/functions';

const FIXTURES = path.join(__dirname, '../localcloud/test/fixtures/cloudfunctions');
const USER = { openid: 'o-bench', appid: 'wx-bench', source: 'wx_client' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeCalls(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

async function startCloud(functions: FunctionsOptions): Promise<LocalCloud> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-functions-'));
  return LocalCloud.start({ port: 0, dataDir, functions: { configPath: path.join(FIXTURES, 'cloudbaserc.json'), timers: false, ...functions } });
}

function row(label: string, times: number[]): string {
  return `| ${label} | ${times.length} | ${median(times).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`;
}

async function main(): Promise<void> {
  const argIndex = process.argv.indexOf('--calls');
  const n = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 50;
  const rows: string[] = [];

  // Cold: no idle instance is ever kept, so every call starts a process and loads the bundle.
  const coldCloud = await startCloud({ maxIdlePerFunction: 0 });
  await coldCloud.functions.invoke('whoami', {}, USER); // builds the bundle once, outside the timing
  rows.push(row('cold: new instance per call (service.invoke)', await timeCalls(n, () => coldCloud.functions.invoke('whoami', {}, USER))));
  const initMs = coldCloud.functions.invocations({ name: 'whoami', limit: n }).map((r) => r.initMs ?? 0);
  rows.push(row('  of which: loading the bundle + wx-server-sdk in the instance', initMs));
  await coldCloud.stop();

  const cloud = await startCloud({ maxIdlePerFunction: 8 });
  await cloud.functions.invoke('whoami', {}, USER);
  await cloud.functions.invoke('relay', {}, USER);
  rows.push(row('warm: pooled instance (service.invoke)', await timeCalls(n, () => cloud.functions.invoke('whoami', { i: 1 }, USER))));

  Object.assign(process.env, cloud.sdkEnv(), cloud.functions.contextEnv(USER));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env is set
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string });
  await sdk.callFunction({ name: 'whoami', data: {} });
  rows.push(row('warm: wx-server-sdk callFunction over HTTP', await timeCalls(n, () => sdk.callFunction({ name: 'whoami', data: { i: 1 } }) as Promise<unknown>)));
  rows.push(row('warm: function calling function (relay -> whoami)', await timeCalls(n, () => cloud.functions.invoke('relay', {}, USER))));

  // Throughput: 8 callers at once, 25 calls each, through the pool (8 instances of whoami).
  const concurrency = 8;
  const perCaller = 25;
  // Start the 8 instances first: this measures warm throughput, not 8 simultaneous cold starts.
  await Promise.all(Array.from({ length: concurrency }, () => cloud.functions.invoke('whoami', {}, USER)));
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      for (let i = 0; i < perCaller; i++) await cloud.functions.invoke('whoami', { c, i }, { ...USER, openid: `o-${c}` });
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await cloud.stop();

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log('');
  console.log('| measurement | calls | median ms | p95 ms |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('');
  console.log(
    `Throughput: ${concurrency} concurrent callers x ${perCaller} calls = ${concurrency * perCaller} calls in ${seconds.toFixed(2)} s (${((concurrency * perCaller) / seconds).toFixed(0)} calls/s)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
