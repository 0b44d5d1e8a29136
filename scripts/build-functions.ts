// Builds cloud functions for deployment: cloudfunctions/<name>/index.ts -> cloudfunctions/<name>/index.js
// (one esbuild call for all of them; see localcloud/src/functions/build.ts for what the bundle holds).
//
//   npm run build:functions                      # every function under cloudfunctions/
//   npm run build:functions -- send login        # just these
//   npm run build:functions -- --root <dir>      # another functions root (tests use fixtures)
//
// After it, `tcb fn deploy <name>` uploads a runnable folder (index.js + package.json).
import path from 'path';
import { buildFunctions } from '../localcloud/src/functions/build';
import { PROJECT_ROOT } from '../localcloud/src/config';

export function parseArgs(argv: string[]): { root: string; names?: string[] } {
  let root = path.join(PROJECT_ROOT, 'cloudfunctions');
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') {
      const value = argv[++i];
      if (!value) throw new Error('--root needs a folder');
      root = path.resolve(value);
    } else if (argv[i].startsWith('--')) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      names.push(argv[i]);
    }
  }
  return { root, names: names.length ? names : undefined };
}

async function main(): Promise<void> {
  const { root, names } = parseArgs(process.argv.slice(2));
  const result = await buildFunctions({ root, names });
  const where = path.relative(process.cwd(), root) || '.';
  console.log(result.built.length ? `built ${result.built.join(', ')} in ${where} (${result.durationMs} ms)` : `no functions with index.ts in ${where}`);
}

// Run as a command, not when imported (tests import parseArgs). Compares paths rather than using
// require.main, whose typing the mini program typings in this project shadow.
if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === __filename.replace(/\.ts$/, '')) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
