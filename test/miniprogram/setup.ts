// Setup for miniprogram-simulate (jsdom): what WeChat's framework gives a page and simulate does not.
// - Page() becomes Component() with the page's functions as methods (lifecycles are called by hand);
// - App()/getApp() keep the app definition; getCurrentPages() is empty;
// - wx gets stubs for the APIs the shell uses, as jest.fn() so tests can assert on them.
import path from 'path';
import fs from 'fs';

type Def = Record<string, unknown>;
const g = globalThis as unknown as Record<string, unknown>;

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

let appInstance: Def = {};
g.App = (def: Def) => {
  appInstance = def;
};
g.getApp = () => appInstance;
g.getCurrentPages = () => [];

g.Page = (def: Def) => {
  const methods: Record<string, unknown> = {};
  const rest: Def = {};
  for (const [k, v] of Object.entries(def)) {
    if (typeof v === 'function') methods[k] = v;
    else rest[k] = v;
  }
  (g.Component as (d: Def) => void)({ ...rest, methods });
};

const ok = (name: string) =>
  jest.fn((o: { success?: (r: unknown) => void } = {}) => {
    const res = { errMsg: `${name}:ok` };
    o.success?.(res);
    return Promise.resolve(res);
  });

g.wx = {
  ...(g.wx as object),
  switchTab: ok('switchTab'),
  navigateTo: ok('navigateTo'),
  showToast: ok('showToast'),
  stopPullDownRefresh: ok('stopPullDownRefresh'),
  nextTick: (cb: () => void) => setTimeout(cb, 0),
};

/** app.json's global usingComponents, resolved for simulate.load's options. */
export function globalUsingComponents(): Record<string, string> {
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as { usingComponents?: Record<string, string> };
  return app.usingComponents ?? {};
}
