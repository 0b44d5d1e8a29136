// `npm start`: build everything, start the local cloud (seeding the demo community on first start)
// and the browser preview with one phone per demo user, print the two URLs to open, and stop both
// cleanly on Ctrl-C.
//
//   npm start [-- --port 9000 --preview-port 8080 --data .localcloud --fresh --no-build]
//
//   --port          the local cloud's port (0 = any free port)
//   --preview-port  the preview server's port (0 = any free port)
//   --data          the local cloud's data folder (kept between runs)
//   --fresh         delete the data folder first: an empty cloud, seeded again
//   --no-build      skip the builds (they already ran; tests)
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { parseArgs } from 'util';
import { LocalCloud } from '../localcloud/src/cloud';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, PROJECT_ROOT } from '../localcloud/src/config';
import { buildFunctions } from '../localcloud/src/functions/build';
import { buildPreview } from '../preview/build/build-preview';
import { startPreviewServer, type PreviewServer } from '../preview/server';
import { buildMiniprogramJs } from './build-miniprogram';

const DEFAULT_PREVIEW_PORT = 8080;
/** Phones shown when no demo users could be seeded. */
const FALLBACK_USERS = [
  { openid: 'alice', nickname: 'Alice' },
  { openid: 'bob', nickname: 'Bob' },
];

interface Options {
  port: number;
  previewPort: number;
  dataDir: string;
  fresh: boolean;
  build: boolean;
}

function portOption(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--${name} must be a port number (0 = any free port), got ${value}`);
  return port;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'preview-port': { type: 'string', default: String(DEFAULT_PREVIEW_PORT) },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      fresh: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
    },
  });
  return {
    port: portOption(values.port!, 'port'),
    previewPort: portOption(values['preview-port']!, 'preview-port'),
    dataDir: path.resolve(values.data!),
    fresh: values.fresh!,
    build: !values['no-build'],
  };
}

const log = (line: string) => console.log(`[start] ${line}`);

async function buildAll(): Promise<void> {
  const functions = await buildFunctions({ root: path.join(PROJECT_ROOT, 'cloudfunctions') });
  log(`cloud functions built: ${functions.built.join(', ') || 'none'}`);
  log(`mini program: ${await buildMiniprogramJs()} TypeScript files compiled`);
  // miniprogram-ci prints its own progress; a child process keeps it out of this one's state
  execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, 'pack-npm.ts')], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  log('npm packages packed into miniprogram/miniprogram_npm');
  const preview = await buildPreview({ projectRoot: PROJECT_ROOT });
  log(`preview: ${preview.units} pages and components bundled`);
}

type SeedDemo = (cloud: LocalCloud) => Promise<{ users: Array<{ openid: string; nickname: string }>; seeded?: boolean }>;

/** scripts/seed.ts is loaded lazily: without it the cloud still starts, empty. */
async function seed(cloud: LocalCloud): Promise<Array<{ openid: string; nickname: string }>> {
  let seedDemo: SeedDemo;
  try {
    // require, not import(): this file is CommonJS and the seed module is optional
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    ({ seedDemo } = require('./seed') as { seedDemo: SeedDemo });
  } catch (err) {
    log(`no demo data: scripts/seed.ts could not be loaded (${(err as Error).message}); starting empty`);
    return FALLBACK_USERS;
  }
  const started = Date.now();
  const { users, seeded } = await seedDemo(cloud);
  log(seeded === false ? 'demo data already present' : `demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return users.length ? users : FALLBACK_USERS;
}

/** `?users=openid:Nickname,...` with names escaped but the separators the phones page splits on kept. */
export function phonesUrl(previewUrl: string, users: Array<{ openid: string; nickname: string }>): string {
  const list = users.map((u) => `${encodeURIComponent(u.openid)}:${encodeURIComponent(u.nickname)}`).join(',');
  return `${previewUrl}?users=${list}`;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (options.fresh) {
    fs.rmSync(options.dataDir, { recursive: true, force: true });
    log(`--fresh: removed ${options.dataDir}`);
  }
  if (options.build) await buildAll();

  const cloud = await LocalCloud.start({ port: options.port, dataDir: options.dataDir });
  let preview: PreviewServer | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping`);
    await preview?.close();
    await cloud.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  log(`local cloud on ${cloud.url} (data: ${cloud.dataDir})`);
  let users;
  try {
    users = await seed(cloud);
    preview = await startPreviewServer({ port: options.previewPort, cloudUrl: cloud.url, projectRoot: PROJECT_ROOT });
  } catch (err) {
    await cloud.stop(); // function processes must not outlive a failed start
    throw err;
  }
  console.log('');
  console.log(`preview: ${phonesUrl(preview.url, users)}`);
  console.log(`console: ${cloud.url}/console`);
  console.log('');
  log('Ctrl-C stops both');
}

if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === __filename.replace(/\.ts$/, '')) {
  main().catch((err: Error) => {
    console.error(`[start] failed: ${err.stack ?? err.message}`);
    process.exit(1);
  });
}
