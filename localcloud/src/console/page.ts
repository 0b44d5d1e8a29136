// The console page: ui/console.html and ui/console.ts bundled by esbuild on the first request
// (the local cloud runs from sources; no build step to forget). Errors in the bundle surface as
// a script that shows them on the page.
import fs from 'fs';
import path from 'path';
import esbuild from 'esbuild';

const UI_DIR = path.join(__dirname, 'ui');

export class ConsolePage {
  private bundle?: Promise<string>;

  html(): string {
    return fs.readFileSync(path.join(UI_DIR, 'console.html'), 'utf8');
  }

  script(): Promise<string> {
    this.bundle ??= esbuild
      .build({
        entryPoints: [path.join(UI_DIR, 'console.ts')],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        logLevel: 'silent',
      })
      .then((r) => r.outputFiles[0].text)
      .catch((err: Error) => {
        this.bundle = undefined; // try again on the next request, after the fix
        return `document.body.textContent = ${JSON.stringify(`console script failed to build: ${err.message}`)};`;
      });
    return this.bundle;
  }
}
