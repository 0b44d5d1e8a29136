// Realtime watch benchmark: `npx tsx scripts/bench-watch.ts [watchers] [messages]`. Not a test.
// One in-process local cloud (loopback, temp data folder, the test fixture specs: `feed` is
// readable by all, writable by signed-in users). WATCHERS simulated phones, each its own wx.cloud
// shim with its own WebSocket and the real 1.4.3 realtime client, watch the same chat-shaped
// query (room, orderBy seq desc, limit 20). One writer phone adds MESSAGES messages one after the
// other. Measures messages per second end to end (first send to the last delivery on every phone)
// and the delivery latency from the write's acknowledgement (add() resolved) to each watcher's
// onChange. Prints the "## Realtime watch" section; with --write replaces it in docs/benchmarks.md.
import { publishSection } from './bench-docs';
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import { LocalCloud } from '../localcloud/src/cloud';
import { PROJECT_ROOT } from '../localcloud/src/config';
import { createWxCloud, type WxCloud } from '../localcloud/src/client';

const WATCHERS = Number(process.argv[2] ?? 200);
const MESSAGES = Number(process.argv[3] ?? 500);
const ROOM = 'bench';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  // The 1.4.3 realtime client logs every socket event; 200 of them drown the output.
  console.log = () => undefined;
  console.warn = () => undefined;
  const report = (line: string): void => void process.stdout.write(line + '\n');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-watch-'));
  const cloud = await LocalCloud.start({ port: 0, dataDir, databaseDir: path.join(PROJECT_ROOT, 'localcloud/test/fixtures/database') });
  const phones: WxCloud[] = [];
  const sentAt = new Array<number>(MESSAGES);
  const ackAt = new Array<number>(MESSAGES);
  const arrivals: number[][] = [];
  let delivered = 0;
  let initDone = 0;
  let allDelivered: () => void = () => undefined;
  const done = new Promise<void>((r) => (allDelivered = r));
  let allInit: () => void = () => undefined;
  const ready = new Promise<void>((r) => (allInit = r));

  for (let w = 0; w < WATCHERS; w++) {
    const phone = createWxCloud({ baseUrl: cloud.url, openid: `watcher-${w}`, WebSocket: WebSocket as never });
    phones.push(phone);
    const mine = new Array<number>(MESSAGES);
    arrivals.push(mine);
    let first = true;
    phone
      .database()
      .collection('feed')
      .where({ room: ROOM })
      .orderBy('seq', 'desc')
      .limit(20)
      .watch({
        onChange: (snapshot) => {
          const now = performance.now();
          if (first) {
            first = false;
            if (++initDone === WATCHERS) allInit();
            return;
          }
          for (const change of snapshot.docChanges) {
            if (change.queueType !== 'enqueue' || change.dataType !== 'add') continue;
            const seq = (change.doc as { seq: number }).seq;
            if (mine[seq] === undefined) {
              mine[seq] = now;
              if (++delivered === WATCHERS * MESSAGES) allDelivered();
            }
          }
        },
        onError: (e) => {
          process.stderr.write(`watcher ${w} failed: ${e.errMsg}\n`);
          process.exit(1);
        },
      });
  }
  await ready;
  report(`${WATCHERS} watchers ready; ${cloud.realtime.stats().connections} sockets, ${cloud.realtime.stats().windows} shared query window(s)`);

  const writer = createWxCloud({ baseUrl: cloud.url, openid: 'writer', WebSocket: WebSocket as never });
  const feed = writer.database().collection('feed');
  const start = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    sentAt[i] = performance.now();
    await feed.add({ data: { _id: `m${String(i).padStart(5, '0')}`, room: ROOM, seq: i, text: `message ${i}` } });
    ackAt[i] = performance.now();
  }
  const writesDone = performance.now();
  const timeout = setTimeout(() => {
    process.stderr.write(`timed out: ${delivered} of ${WATCHERS * MESSAGES} deliveries\n`);
    process.exit(1);
  }, 300_000);
  await done;
  clearTimeout(timeout);
  const end = performance.now();

  const fromAck: number[] = [];
  const fromSend: number[] = [];
  for (const mine of arrivals)
    for (let i = 0; i < MESSAGES; i++) {
      fromAck.push(Math.max(0, mine[i] - ackAt[i]));
      fromSend.push(mine[i] - sentAt[i]);
    }
  fromAck.sort((a, b) => a - b);
  fromSend.sort((a, b) => a - b);
  const earlyShare = arrivals.flatMap((mine) => mine.map((t, i) => (t < ackAt[i] ? 1 : 0))).reduce<number>((a, b) => a + b, 0) / (WATCHERS * MESSAGES);
  const rate = MESSAGES / ((end - start) / 1000);
  const writeRate = MESSAGES / ((writesDone - start) / 1000);
  const ms = (x: number) => x.toFixed(1);

  const rows = [
    `| watchers (each its own shim + WebSocket) | ${WATCHERS} |`,
    `| messages (one writer, sequential add()) | ${MESSAGES} |`,
    `| deliveries | ${WATCHERS * MESSAGES} |`,
    `| messages/s end to end (first send -> last delivery on every phone) | ${rate.toFixed(0)} |`,
    `| deliveries/s | ${(rate * WATCHERS).toFixed(0)} |`,
    `| writer add() rate while ${WATCHERS} phones watch | ${writeRate.toFixed(0)} /s |`,
    `| latency ack -> onChange p50 / p99 / max | ${ms(percentile(fromAck, 50))} / ${ms(percentile(fromAck, 99))} / ${ms(fromAck[fromAck.length - 1])} ms |`,
    `| latency send -> onChange p50 / p99 | ${ms(percentile(fromSend, 50))} / ${ms(percentile(fromSend, 99))} ms |`,
    `| deliveries that arrived before the writer's ack | ${(earlyShare * 100).toFixed(1)} % |`,
  ];
  const cpu = os.cpus();
  const section = [
    '## Realtime watch',
    '',
    `\`npx tsx scripts/bench-watch.ts ${WATCHERS} ${MESSAGES}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.platform()}.`,
    'Everything in one process over loopback: the local cloud, the writer and every watcher (the real',
    "@cloudbase/database 1.4.3 realtime client behind the wx.cloud shim), so the watchers' JSON parsing",
    'and snapshot building compete with the server for the same cores. Query: `feed` where room, orderBy',
    'seq desc, limit 20 (every message is an enqueue plus a limit dequeue). The server computes each change',
    "once per shared query window and fans it out; latencies count from the writer's add() resolving",
    "(clamped at 0 when the push beat the HTTP answer) to each phone's onChange. The server pushes at",
    "commit, before it answers the writer's HTTP request, so on loopback every push beats the ack: read the",
    'send -> onChange line for the delivery latency.',
    '',
    '| measure | value |',
    '|---|---|',
    ...rows,
    '',
  ].join('\n');
  publishSection('Realtime watch', section);

  await Promise.all([writer, ...phones].map((p) => p.close()));
  await cloud.stop();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
