// Loads a page or component of miniprogram/ into miniprogram-simulate with the app's global components.
import path from 'path';
import simulate from 'miniprogram-simulate';
import { MINIPROGRAM_ROOT, globalUsingComponents } from './setup';

// jest keeps its own module registry, so a file simulate require()s runs once per test file:
// load each path once and render it as often as needed.
const loaded = new Map<string, string>();

export function renderUnit(unitPath: string, props: Record<string, unknown> = {}) {
  let id = loaded.get(unitPath);
  if (!id) {
    id = simulate.load(path.join(MINIPROGRAM_ROOT, unitPath), {
      rootPath: MINIPROGRAM_ROOT,
      usingComponents: globalUsingComponents(),
    }) as string;
    loaded.set(unitPath, id);
  }
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

export { simulate };
