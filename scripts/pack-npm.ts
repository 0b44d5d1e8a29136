// Packs the mini program's npm dependencies (package.json `dependencies` only: mobx-miniprogram
// and its bindings; everything server-side is a devDependency) into miniprogram/miniprogram_npm,
// as WeChat DevTools' "build npm" does, offline, with the official miniprogram-ci.
import path from 'path';

interface MiniprogramCi {
  packNpmManually(options: { packageJsonPath: string; miniprogramNpmDistDir: string }): Promise<{ warnList: unknown[] }>;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  // miniprogram-ci ships no typings for its entry point; the shape above is its documented API.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped package, loaded as its docs do
  const ci = require('miniprogram-ci') as MiniprogramCi;
  const result = await ci.packNpmManually({
    packageJsonPath: path.join(root, 'package.json'),
    miniprogramNpmDistDir: path.join(root, 'miniprogram'),
  });
  for (const warning of result.warnList) console.warn('pack-npm:', warning);
  console.log('pack-npm: miniprogram/miniprogram_npm is up to date');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
