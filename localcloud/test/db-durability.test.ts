// Durability: acknowledged writes survive `kill -9` of the local cloud process (write-ahead log),
// a torn last log line is dropped, and clean restarts keep everything (snapshot). Also export/import.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { PROJECT_ROOT, sdkEnv } from '../src/config';
import { startTestCloud } from './support/cloud';

// wx-server-sdk's typings model callback-style `void | string` results; these tests use promises.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDb = any;

/** `npm run cloud` in one process (node --import tsx), so SIGKILL really kills the server. */
function startCloudProcess(dataDir: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'localcloud/src/main.ts', '--port', String(port), '--data', dataDir], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /local cloud: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`local cloud exited early (${code}): ${out}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

test('acknowledged writes survive kill -9 and a torn log tail', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-crash-'));
  let { child, url } = await startCloudProcess(dataDir, 0);
  const port = Number(new URL(url).port);
  Object.assign(process.env, sdkEnv(url));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points at the child
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string });
  const db = sdk.database() as LooseDb;
  try {
    await db.createCollection('journal');
    const when = new Date('2024-01-02T03:04:05.006Z');
    for (let i = 0; i < 40; i++) await db.collection('journal').add({ data: { _id: `e${i}`, i, when } });
    await db
      .collection('journal')
      .doc('e1')
      .update({ data: { i: db.command.inc(100), tag: 'changed' } });
    await db.collection('journal').doc('e2').remove();
    await db.runTransaction(async (t: LooseDb) => {
      await t
        .collection('journal')
        .doc('e3')
        .update({ data: { inTxn: true } });
    });
    await killHard(child);

    // A write torn by the crash: never acknowledged, must be ignored.
    fs.appendFileSync(path.join(dataDir, 'database', 'wal.jsonl'), '{"s":999999,"ops":[{"c":"journal","i":"ghost"');

    ({ child, url } = await startCloudProcess(dataDir, port));
    expect((await db.collection('journal').count()).total).toBe(39);
    expect((await db.collection('journal').doc('e1').get()).data).toEqual({ _id: 'e1', i: 101, when, tag: 'changed' });
    expect((await db.collection('journal').doc('e3').get()).data).toEqual({ _id: 'e3', i: 3, when, inTxn: true });
    expect((await db.collection('journal').where({ _id: 'ghost' }).count()).total).toBe(0);
    // writes after recovery append cleanly after the cut-off tail
    await db.collection('journal').add({ data: { _id: 'after', i: -1 } });
    await killHard(child);
    ({ child, url } = await startCloudProcess(dataDir, port));
    expect((await db.collection('journal').count()).total).toBe(40);
  } finally {
    await killHard(child);
  }
});

test('clean restart from the snapshot, and export/import round-trip', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-restart-'));
  const first = await startTestCloud({ dataDir, databaseDir: '/nonexistent-db-specs' });
  await first.db.createCollection('things');
  await first.db.insert('things', [{ _id: 't1', at: new Date(5), re: /ab+c/i, nested: { list: [1, { x: null }] } }]);
  await first.stop();
  expect(fs.statSync(path.join(dataDir, 'database', 'wal.jsonl')).size).toBe(0);

  const second = await startTestCloud({ dataDir, databaseDir: '/nonexistent-db-specs' });
  const [doc] = await second.db.find('things', {});
  expect(doc).toEqual({ _id: 't1', at: new Date(5), re: /ab+c/i, nested: { list: [1, { x: null }] } });
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-export-'));
  await second.db.exportTo(exportDir);
  expect(JSON.parse(fs.readFileSync(path.join(exportDir, 'things.json'), 'utf8'))[0].at).toEqual({ $date: '1970-01-01T00:00:00.005Z' });
  await second.stop();

  const third = await startTestCloud({ databaseDir: '/nonexistent-db-specs' });
  await third.db.importFrom(exportDir);
  expect(await third.db.find('things', {})).toEqual([doc]);
  await third.stop();
});
