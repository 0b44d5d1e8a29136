// `npm start` (scripts/dev.ts) as a person runs it: it seeds an empty cloud, prints exactly the
// preview and console URLs, both answer, Ctrl-C stops everything with exit code 0, and a second
// start keeps the data instead of seeding again.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { buildPreview } from '../../preview/build/build-preview';
import { PROJECT_ROOT } from './phones';

interface Started {
  child: ChildProcess;
  output: () => string;
  preview: string;
  console: string;
}

/** Starts scripts/dev.ts on free ports and resolves once it has printed both URLs. */
function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', '--port', '0', '--preview-port', '0', '--data', dataDir, '--no-build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const preview = /^preview: (\S+)$/m.exec(output)?.[1];
      const consoleUrl = /^console: (\S+)$/m.exec(output)?.[1];
      if (preview && consoleUrl) resolve({ child, output: () => output, preview, console: consoleUrl });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`dev.ts exited with ${code} before printing its URLs:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-dev-'));
  await buildPreview({ projectRoot: PROJECT_ROOT });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('starts, seeds, prints the URLs, serves them and stops cleanly on Ctrl-C', async () => {
  const first = await start(dataDir);
  try {
    expect(first.preview).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?users=demo-alice:[^,]+,demo-bob:/);
    expect(first.console).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console$/);
    const phones = await fetch(first.preview);
    expect(await phones.text()).toContain('browser preview');
    const { collections } = (await (await fetch(first.console.replace(/\/console$/, '/console/api/collections'))).json()) as { collections: { name: string; count: number }[] };
    expect(collections.find((c) => c.name === 'users')?.count).toBeGreaterThan(0);
    expect(first.output()).toContain('demo data seeded');
  } finally {
    expect(await stop(first.child)).toBe(0);
  }
  expect(first.output()).toContain('[start] stopped');

  const second = await start(dataDir);
  expect(second.output()).toContain('demo data already present');
  expect(await stop(second.child)).toBe(0);
});
