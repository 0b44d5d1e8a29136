// The one way a benchmark script touches docs/benchmarks.md: only when run with `--write`, and
// then only its own `## <heading>` section (the sections other scripts write are kept). Without
// `--write` the section is printed and the docs stay as they are, so a trial run, a run on a busy
// machine or one with other options never rewrites the published numbers.
import fs from 'fs';
import path from 'path';

export const BENCHMARKS_FILE = path.resolve(__dirname, '../docs/benchmarks.md');

export function wantsWrite(argv: string[] = process.argv): boolean {
  return argv.includes('--write');
}

/** Replaces (or appends) the section that starts with `## heading`. */
export function replaceSection(text: string, heading: string, section: string): string {
  const marker = `## ${heading}`;
  const at = text.startsWith(marker) ? 0 : text.indexOf(`\n${marker}\n`) + 1;
  const body = section.endsWith('\n') ? section : `${section}\n`;
  if (at <= 0 && !text.startsWith(marker)) return `${text.trimEnd()}\n\n${body}`;
  const next = text.indexOf('\n## ', at + marker.length);
  return text.slice(0, at) + body + (next < 0 ? '' : `\n${text.slice(next + 1)}`);
}

/** Prints the section; writes it into docs/benchmarks.md only with `--write`. */
export function publishSection(heading: string, section: string, argv: string[] = process.argv): void {
  console.log(section);
  if (!wantsWrite(argv)) {
    console.error(`(docs/benchmarks.md unchanged: pass --write to replace its "## ${heading}" section)`);
    return;
  }
  const current = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n\n';
  fs.writeFileSync(BENCHMARKS_FILE, replaceSection(current, heading, section));
  console.error(`docs/benchmarks.md: "## ${heading}" replaced`);
}
