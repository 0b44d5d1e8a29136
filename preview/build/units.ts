// Walks app.json the way WeChat does: pages (main package and subpackages), the tab bar, and every
// component reachable through `usingComponents` (global in app.json, then per page and component).
import fs from 'fs';
import path from 'path';
import type { AppJson } from '../host/types';

export interface Unit {
  /** The component path WeChat uses (`pages/me/me`, `miniprogram_npm/tdesign-miniprogram/button/button`). */
  path: string;
  /** Absolute file path without extension. */
  file: string;
  isPage: boolean;
  json: Record<string, unknown> & { usingComponents?: Record<string, string>; component?: boolean };
  script?: string;
  wxml?: string;
  wxss?: string;
}

// Defined beside the browser host, which must not import this Node file.
export type { AppJson };

const firstExisting = (base: string, exts: string[]) => exts.map((e) => base + e).find((f) => fs.existsSync(f));

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** npm component paths: DevTools copies packages' miniprogram_dist into miniprogram_npm/<pkg>. */
function resolveNpm(spec: string, projectRoot: string): { path: string; file: string } | undefined {
  const parts = spec.split('/');
  const pkgLen = spec.startsWith('@') ? 2 : 1;
  const pkg = parts.slice(0, pkgLen).join('/');
  const rest = parts.slice(pkgLen).join('/');
  const pkgDir = path.join(projectRoot, 'node_modules', pkg);
  if (!fs.existsSync(pkgDir)) return undefined;
  const pj = readJson<{ miniprogram?: string }>(path.join(pkgDir, 'package.json'));
  const dist = path.join(pkgDir, pj.miniprogram ?? 'miniprogram_dist');
  let file = path.join(dist, rest);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index');
  return { path: `miniprogram_npm/${pkg}/${path.relative(dist, file).split(path.sep).join('/')}`, file };
}

export class UnitCollector {
  readonly units = new Map<string, Unit>();

  constructor(
    private readonly miniRoot: string,
    private readonly projectRoot: string,
  ) {}

  /** Resolves a usingComponents value against the component that declares it. */
  resolve(spec: string, from: Unit | undefined): { path: string; file: string } {
    if (spec.startsWith('/')) return { path: spec.slice(1), file: path.join(this.miniRoot, spec) };
    if (spec.startsWith('.') && from) {
      const file = path.resolve(path.dirname(from.file), spec);
      const rel = path.relative(this.miniRoot, file).split(path.sep).join('/');
      if (!rel.startsWith('..')) return { path: rel, file };
      // a relative path inside an npm package
      const npmRel = path.posix.join(path.posix.dirname(from.path), spec);
      return { path: npmRel, file };
    }
    const npm = resolveNpm(spec, this.projectRoot);
    if (npm) return npm;
    return { path: spec, file: path.join(this.miniRoot, spec) };
  }

  add(unitPath: string, file: string, isPage: boolean): Unit {
    const known = this.units.get(unitPath);
    if (known) return known;
    const jsonFile = `${file}.json`;
    const unit: Unit = {
      path: unitPath,
      file,
      isPage,
      json: fs.existsSync(jsonFile) ? readJson(jsonFile) : {},
      script: firstExisting(file, ['.ts', '.js']),
      wxml: firstExisting(file, ['.wxml']),
      wxss: firstExisting(file, ['.wxss']),
    };
    if (!unit.script && !unit.wxml) throw new Error(`component not found: ${unitPath} (${file})`);
    this.units.set(unitPath, unit);
    // glass-easel resolves relative and absolute paths but not npm names: hand it absolute paths.
    const using = unit.json.usingComponents ?? {};
    for (const [tag, spec] of Object.entries(using)) {
      if (spec.startsWith('plugin://')) continue;
      const target = this.resolve(spec, unit);
      this.add(target.path, target.file, false);
      using[tag] = `/${target.path}`;
    }
    // a generic's default component is a component too (tdesign chat-content's tail-component)
    const generics = (unit.json.componentGenerics ?? {}) as Record<string, boolean | { default?: string }>;
    for (const generic of Object.values(generics)) {
      if (typeof generic !== 'object' || !generic.default) continue;
      const target = this.resolve(generic.default, unit);
      this.add(target.path, target.file, false);
      generic.default = `/${target.path}`;
    }
    return unit;
  }

  /** Returns the global usingComponents as tag -> component path. */
  addApp(app: AppJson): Record<string, string> {
    const globals: Record<string, string> = {};
    for (const [tag, spec] of Object.entries(app.usingComponents ?? {})) {
      const target = this.resolve(spec, undefined);
      this.add(target.path, target.file, false);
      globals[tag] = target.path;
    }
    const pages = [...app.pages];
    for (const sub of [...(app.subpackages ?? []), ...(app.subPackages ?? [])]) {
      for (const p of sub.pages) pages.push(path.posix.join(sub.root, p));
    }
    for (const p of pages) this.add(p, path.join(this.miniRoot, p), true);
    return globals;
  }
}
