// The per-function build: one bundle per function, shared code inlined, wx-server-sdk left external.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { buildFunctions, GENERATED_BANNER } from '../src/functions/build';
import { parseArgs } from '../../scripts/build-functions';

const FIXTURES = path.join(__dirname, 'fixtures/cloudfunctions');

test('bundles every function folder with an index.ts into <out>/<name>/index.js', async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fn-build-'));
  const result = await buildFunctions({ root: FIXTURES, outDir });
  // "shared" has no index.ts: it is a library, not a function.
  expect(result.built).toEqual(['boom', 'chatty', 'relay', 'scribe', 'sleepy', 'ticker', 'whoami']);
  const relay = fs.readFileSync(path.join(outDir, 'relay/index.js'), 'utf8');
  expect(relay.startsWith(GENERATED_BANNER)).toBe(true);
  expect(relay).toContain('require("wx-server-sdk")');
  expect(relay).toContain('function describeCaller');
  expect(relay).not.toContain('../shared/caller');
  expect(fs.existsSync(path.join(outDir, 'relay/index.js.map'))).toBe(true);
  // CommonJS with `exports.main`, the handler SCF looks up as "index.main".
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded the way SCF loads it: CommonJS require
  const mod = require(path.join(outDir, 'boom/index.js')) as { main: unknown };
  expect(typeof mod.main).toBe('function');
});

test('a missing function is a clear error and builds nothing', async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fn-build-'));
  await expect(buildFunctions({ root: FIXTURES, names: ['whoami', 'nope'], outDir })).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  expect(fs.readdirSync(outDir)).toEqual([]);
});

test('command line: names and --root', () => {
  expect(parseArgs(['--root', FIXTURES, 'whoami', 'relay'])).toEqual({ root: FIXTURES, names: ['whoami', 'relay'] });
  expect(parseArgs([]).root).toBe(path.resolve(__dirname, '../../cloudfunctions'));
  expect(() => parseArgs(['--watch'])).toThrow('unknown option --watch');
});
