// The load test (scripts/load-test.ts) at a small, bounded size: 10 users in 2 groups sending for 5 s
// with moderation on. It exits 1 when a message is stuck pending, a subscribe send exceeds the
// consents given, a message was lost, or any of its queries needs an index database/ does not declare
// (issue 11: "a test runs the app's flows and the load test"). The sizes of docs/benchmarks.md are
// for running it by hand.
import { spawn } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

function runLoadTest(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/load-test.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

it('a short load run ends with every message settled, no consent overspent and no query without an index', async () => {
  const { code, stdout } = await runLoadTest(['--seconds', '5', '--users', '10', '--groups', '2', '--concurrency', '4']);
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { missingIndexes: string[] };
  expect(report.missingIndexes).toEqual([]);
  expect(code).toBe(0);
}, 180_000);
