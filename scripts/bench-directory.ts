// Directory search latency through the real `groups` function, called the way the mini program
// calls it (the wx.cloud shim over HTTP), over 1,000 and 10,000 seeded groups (one in ten private).
// Each row: warm-up round, then `--calls` sequential calls rotating over the row's requests.
//
//   npx tsx scripts/bench-directory.ts [--calls 200]
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import { LocalCloud } from '../localcloud/src/cloud';
import { createWxCloud } from '../localcloud/src/client';
import { directoryGroups, insertDirectory } from '../test/communities/directory-data';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ROWS: Array<[string, Array<Record<string, unknown>>]> = [
  ['search, Chinese substring (徒步, 北京, 读书)', ['徒步', '北京', '读书'].map((query) => ({ action: 'search', query }))],
  ['search, English any case (HIKING, jazz, Shang)', ['HIKING', 'jazz', 'Shang'].map((query) => ({ action: 'search', query }))],
  ['search, no match (zzz)', [{ action: 'search', query: 'zzz' }]],
  ['search + category (北京 in music)', [{ action: 'search', query: '北京', category: 'music' }]],
  ['directory, one category (outdoors, tech)', ['outdoors', 'tech'].map((category) => ({ action: 'directory', category }))],
  ['directory, all public groups', [{ action: 'directory' }]],
];

async function main(): Promise<void> {
  const argIndex = process.argv.indexOf('--calls');
  const calls = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 200;
  const lines: string[] = [];
  for (const size of [1000, 10_000]) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-directory-'));
    const cloud = await LocalCloud.start({ port: 0, dataDir, functions: { timers: false } });
    const wx = createWxCloud({ baseUrl: cloud.url, openid: 'bench-reader', WebSocket: WebSocket as never });
    wx.init({ env: cloud.envId });
    try {
      const started = Date.now();
      await insertDirectory(cloud, directoryGroups(size));
      console.log(`seeded ${size} groups in ${Date.now() - started} ms`);
      for (const [label, requests] of ROWS) {
        const call = async (i: number) => {
          const res = (await wx.callFunction({ name: 'groups', data: requests[i % requests.length] })) as unknown as { result: { ok: boolean; error?: unknown } };
          if (!res.result.ok) throw new Error(`${label}: ${JSON.stringify(res.result.error)}`);
        };
        for (let i = 0; i < 10; i++) await call(i);
        const times: number[] = [];
        for (let i = 0; i < calls; i++) {
          const t = process.hrtime.bigint();
          await call(i);
          times.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        const line = `| ${size.toLocaleString('en-US')} | ${label} | ${calls} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} |`;
        console.log(line);
        lines.push(line);
      }
    } finally {
      await wx.close();
      await cloud.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(['', '| groups | request | calls | p50 ms | p99 ms |', '|---|---|---|---|---|', ...lines].join('\n'));
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
