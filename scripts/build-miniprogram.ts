// Builds miniprogram/ two ways:
// 1. every miniprogram/**/*.ts -> .js next to it (CommonJS, what WeChat DevTools opens). Imports inside
//    miniprogram/ stay imports (one module instance, e.g. one store); npm packages stay `require`s for
//    DevTools' npm build; code imported from outside miniprogramRoot (../domain) is pure and is
//    bundled into the importing file, since WeChat cannot load files outside its root.
// 2. the browser preview into preview/dist (preview/build/build-preview.ts).
// Usage: tsx scripts/build-miniprogram.ts [--no-preview]
import fs from 'fs';
import path from 'path';
import esbuild, { type Plugin } from 'esbuild';
import { buildPreview } from '../preview/build/build-preview';

const projectRoot = path.resolve(__dirname, '..');
const miniRoot = path.join(projectRoot, 'miniprogram');

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' || e.name === '__test__' ? [] : listTs(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Keeps in-root modules and npm packages as requires; lets out-of-root code be bundled in. */
const keepInRootImports = (entry: string): Plugin => ({
  name: 'keep-in-root-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.') && !args.path.startsWith('/')) return { external: true };
      const target = path.resolve(args.resolveDir, args.path);
      if (!target.startsWith(miniRoot + path.sep)) return undefined; // bundled (e.g. ../domain)
      if (args.importer !== entry) return undefined;
      return { path: args.path.replace(/\.ts$/, ''), external: true };
    });
  },
});

export async function buildMiniprogramJs(): Promise<number> {
  const files = listTs(miniRoot);
  for (const entry of files) {
    await esbuild.build({
      entryPoints: [entry],
      outfile: entry.replace(/\.ts$/, '.js'),
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2018',
      banner: { js: `// generated from ${path.basename(entry)} by scripts/build-miniprogram.ts: do not edit` },
      plugins: [keepInRootImports(entry)],
      logLevel: 'warning',
    });
  }
  return files.length;
}

async function main() {
  const count = await buildMiniprogramJs();
  console.log(`miniprogram: ${count} TypeScript files compiled`);
  if (!process.argv.includes('--no-preview')) {
    const { outDir, units } = await buildPreview({ projectRoot });
    console.log(`preview: ${units} pages and components -> ${path.relative(projectRoot, outDir)}`);
  }
}

// run as a script (tsx preview/server.ts), not when imported by tests
if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === __filename.replace(/\.ts$/, '')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
