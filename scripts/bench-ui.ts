// Chat UI benchmark (not a test): the real chat page and components rendered by miniprogram-simulate
// (jsdom, WeChat's own WXML compiler) on the engine's real RoomTimeline, with 50 and 5,000 messages
// loaded. Measures what one incoming message costs the page: setData calls and bytes (JSON of the
// data argument, what crosses from logic to render thread), time, and the rendered node count.
// Usage: npx tsx scripts/bench-ui.ts [--json]
import os from 'os';
import path from 'path';
import { JSDOM } from 'jsdom';

const ROOT = path.resolve(__dirname, '..');
const MINI = path.join(ROOT, 'miniprogram');

// --- what WeChat's framework gives a page and simulate does not (as test/miniprogram/setup.ts) ---
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const g = globalThis as unknown as Record<string, unknown>;
for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'Event', 'CustomEvent', 'requestAnimationFrame']) {
  if (!(key in g) || key === 'window' || key === 'document') g[key] = (dom.window as unknown as Record<string, unknown>)[key];
}
const store = new Map<string, unknown>();
const ok = () => Promise.resolve({ errMsg: 'ok' });
g.wx = {
  setNavigationBarTitle: ok,
  navigateTo: ok,
  showToast: ok,
  setClipboardData: ok,
  getStorageSync: (k: string) => store.get(k) ?? '',
  setStorageSync: (k: string, v: unknown) => store.set(k, v),
  getWindowInfo: () => ({ windowHeight: 600 }),
  nextTick: (cb: () => void) => setTimeout(cb, 0),
};
g.getApp = () => ({});
g.getCurrentPages = () => [];

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the globals it needs
const simulate = require('miniprogram-simulate') as typeof import('miniprogram-simulate');
g.Page = (def: Record<string, unknown>) => {
  const methods: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def)) (typeof v === 'function' ? methods : rest)[k] = v;
  (g.Component as (d: object) => void)({ ...rest, methods });
};

import { RoomTimeline } from '../miniprogram/stores/timeline';
import type { MessageDoc } from '../domain/messages';

const T0 = Date.now() - 24 * 60 * 60_000;
const doc = (seq: number): MessageDoc => ({
  _id: `m${String(seq).padStart(6, '0')}x${'abcdef'.slice(seq % 6)}`,
  _openid: seq % 3 ? 'bob' : 'alice',
  conversationId: 'c1',
  type: 'text',
  content: { text: `message number ${seq}: a line of ordinary chat text` },
  status: 'visible',
  seq,
  clientTime: T0 + seq * 20_000,
  writtenAt: new Date(T0 + seq * 20_000),
  createdAt: new Date(T0 + seq * 20_000),
});

const pageId = simulate.load(path.join(MINI, 'pages/chat/chat'), { rootPath: MINI }) as string;

interface Result {
  loaded: number;
  incoming: number;
  setDataCalls: number;
  bytesPerMessage: { median: number; max: number; mean: number };
  msPerMessage: { median: number; p95: number };
  renderedRows: number;
  renderedNodes: number;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

function run(loaded: number, incoming: number): Result {
  const chat = new RoomTimeline({ conversationId: 'c1', myOpenid: 'alice', direct: false });
  // history arrives as the engine delivers it: the newest page, then older pages of 20
  chat.applyServer(
    Array.from({ length: Math.min(20, loaded) }, (_, i) => doc(loaded - Math.min(20, loaded) + i + 1)),
    'initial',
  );
  const room = {
    timeline: chat,
    conversationId: 'c1',
    info: { conversationId: 'c1', type: 'group' },
    send() {},
    resend() {},
    loadOlder: async () => 0,
    reportVisible() {},
    refreshReadCount: async () => undefined,
    close() {},
  };
  const messaging = {
    me: { openid: 'alice', profile: { _id: 'alice', nickname: 'Alice', avatarUrl: '' } },
    conversations: { peers: { bob: { _id: 'bob', nickname: 'Bob', avatarUrl: '' } }, applyPeers() {} },
    cloud: { query: async () => [], command: { in: (v: unknown) => v } },
  };
  const page = simulate.render(pageId);
  page.attach(document.createElement('parent-wrapper'));
  const inst = page.instance as unknown as { attach(m: unknown, r: unknown): void; onScrollToUpper(): void; setData(d: object): void };
  inst.attach(messaging, room);
  for (let top = loaded - 20; top > 0; top -= 20) {
    chat.applyServer(
      Array.from({ length: Math.min(20, top) }, (_, i) => doc(Math.max(1, top - 19) + i)),
      'older',
    );
  }
  // the reader is back at the bottom (older pages were loaded by scrolling up earlier)
  (page.instance as unknown as { onPill(): void }).onPill();

  const original = inst.setData.bind(inst);
  let bytes = 0;
  let calls = 0;
  inst.setData = (data: object) => {
    calls++;
    bytes += JSON.stringify(data).length;
    return original(data);
  };
  const perMessage: number[] = [];
  const times: number[] = [];
  let totalCalls = 0;
  for (let k = 1; k <= incoming; k++) {
    bytes = 0;
    calls = 0;
    const t = process.hrtime.bigint();
    chat.applyServer([doc(loaded + k)], 'live');
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    perMessage.push(bytes);
    totalCalls += calls;
  }
  const rows = (page.data.messages as unknown[]).length;
  const nodes = page.dom!.querySelectorAll('*').length;
  // as leaving the page does: the room closes and the page's timers (day separators) stop
  (page.instance as unknown as { onUnload(): void }).onUnload();
  page.detach();
  return {
    loaded,
    incoming,
    setDataCalls: totalCalls,
    bytesPerMessage: { median: quantile(perMessage, 0.5), max: Math.max(...perMessage), mean: Math.round(perMessage.reduce((a, b) => a + b, 0) / perMessage.length) },
    msPerMessage: { median: +quantile(times, 0.5).toFixed(2), p95: +quantile(times, 0.95).toFixed(2) },
    renderedRows: rows,
    renderedNodes: nodes,
  };
}

function main() {
  const results = [run(50, 200), run(5000, 200)];
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown';
  console.log(`Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.type()} ${os.release()}\n`);
  console.log('| messages loaded | incoming measured | setData calls | bytes/message median | mean | max | ms/message median | p95 | rows rendered | nodes rendered |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.loaded.toLocaleString('en')} | ${r.incoming} | ${r.setDataCalls} | ${r.bytesPerMessage.median} | ${r.bytesPerMessage.mean} | ${r.bytesPerMessage.max} | ${r.msPerMessage.median} | ${r.msPerMessage.p95} | ${r.renderedRows} | ${r.renderedNodes} |`,
    );
  }
}

main();
