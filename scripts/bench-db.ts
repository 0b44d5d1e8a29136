// Database engine benchmark: `npx tsx scripts/bench-db.ts`. Not a test.
// Through the real wx-server-sdk against an in-process local cloud on a temp data folder:
// batch inserts of 100,000 documents, indexed equality and range queries, unindexed queries
// (full scans of 100,000 documents) and single-document updates. Every figure is the median of
// RUNS runs. Prints the "## Database engine" section; with --write replaces it in docs/benchmarks.md.
import { publishSection } from './bench-docs';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCloud } from '../localcloud/src/cloud';
import { sdkEnv } from '../localcloud/src/config';

const DOCS = 100_000;
const BATCH = 1_000;
const RUNS = 3;
const CONCURRENCY = 8;

// wx-server-sdk's typings model callback-style `void | string` results; the bench uses promises.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDb = any;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `count` operations with CONCURRENCY in flight; returns operations per second. */
async function rate(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await op(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

async function main(): Promise<void> {
  const specs = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-specs-'));
  for (let r = 0; r < RUNS; r++) {
    fs.writeFileSync(
      path.join(specs, `bench${r}.json`),
      JSON.stringify({ collectionName: `bench${r}`, description: 'bench', schema: {}, rules: {}, indexes: [{ name: 'by_k', keys: [{ name: 'k', direction: '1' }] }] }),
    );
  }
  const cloud = await LocalCloud.start({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-data-')), databaseDir: specs });
  Object.assign(process.env, sdkEnv(cloud.url), { SILENCE: 'true' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points at the cloud
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string });
  const db = sdk.database() as LooseDb;
  const _ = db.command;

  const results: Record<string, number[]> = { insert: [], indexedEq: [], indexedRange: [], unindexed: [], update: [] };
  for (let r = 0; r < RUNS; r++) {
    const coll = db.collection(`bench${r}`);
    const batches = DOCS / BATCH;
    const t0 = process.hrtime.bigint();
    await rate(batches, (b) => coll.add({ data: Array.from({ length: BATCH }, (_x, j) => ({ _id: `d${b * BATCH + j}`, k: b * BATCH + j, u: b * BATCH + j, group: j % 100, text: 'hello world' })) }));
    results.insert.push(DOCS / (Number(process.hrtime.bigint() - t0) / 1e9));
    results.indexedEq.push(await rate(2_000, (i) => coll.where({ k: (i * 7919) % DOCS }).get()));
    results.indexedRange.push(await rate(1_000, (i) => coll.where({ k: _.gte((i * 7919) % DOCS).and(_.lt(((i * 7919) % DOCS) + 20)) }).get()));
    results.unindexed.push(await rate(30, (i) => coll.where({ u: (i * 7919) % DOCS }).get()));
    results.update.push(await rate(2_000, (i) => coll.doc(`d${(i * 7919) % DOCS}`).update({ data: { n: _.inc(1) } })));
    console.log(`run ${r + 1}/${RUNS}:`, Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v[r])])));
  }
  await cloud.stop();

  const cpu = os.cpus()[0]?.model ?? fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown';
  const row = (label: string, key: string, unit: string) => `| ${label} | ${Math.round(median(results[key])).toLocaleString('en-US')} ${unit} |`;
  const section = [
    '## Database engine',
    '',
    `Measured by \`npx tsx scripts/bench-db.ts\` on ${new Date().toISOString().slice(0, 10)}: the real wx-server-sdk over HTTP against an`,
    `in-process local cloud, ${DOCS.toLocaleString('en-US')} documents per run, ${CONCURRENCY} requests in flight, median of ${RUNS} runs.`,
    `Machine: ${os.cpus().length} cores (nproc), ${cpu}, Node ${process.version}. Other engineers' processes shared the machine.`,
    '',
    '| operation | median |',
    '|---|---|',
    row(`insert (add() batches of ${BATCH})`, 'insert', 'docs/s'),
    row('indexed equality query (where({k}).get(), 1 result)', 'indexedEq', 'queries/s'),
    row('indexed range query (k in [x, x+20), 20 results)', 'indexedRange', 'queries/s'),
    row(`unindexed query (full scan of ${DOCS.toLocaleString('en-US')} docs)`, 'unindexed', 'queries/s'),
    row('update by id (doc().update({n: inc(1)}))', 'update', 'updates/s'),
    '',
    'Every write is appended to the write-ahead log with a synchronous write(2) before the response (no fsync by default).',
    '',
  ].join('\n');
  publishSection('Database engine', section);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
