// The busy room (issue 12): S people in one group send at once, each doing what the outbox does
// (write the pending message as the client, call `deliver`, on `pending` or a failed call try the
// deliver again after a short backoff, next message only once this one is published). Rows for
// S = 1, 5, 20, 50: messages/s published, p50/p99 send-to-visible (from the add to the message's
// server createdAt: the cloud runs in this process, so both are the same clock), deliver
// timeouts and other failed calls, cold starts. The machine's floor is measured in the same run
// (single-document transactions/s, admin updates/s, client adds/s) so rows can be read as ratios.
// Moderation is on (rate windows raised through app_config, word list, msgSecCheck).
//
//   npx tsx scripts/bench-busy-room.ts [--seconds 8] [--senders 1,5,20,50] [--max-processes N]
//                                      [--max-idle N] [--write]
//
// Bounded: each row sends for --seconds (default 8) plus at most 15 s for the last messages to
// publish; the whole run takes about a minute and a half.
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import { LocalCloud } from '../localcloud/src/cloud';
import { createWxCloud, type WxCloud } from '../localcloud/src/client';
import { sdkEnv } from '../localcloud/src/config';
import { newClientId } from '../domain/ids';
import type { Transaction } from '../domain/server/database';
import { publishSection } from './bench-docs';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const SECONDS = Number(arg('seconds') ?? 8);
const SENDERS = (arg('senders') ?? '1,5,20,50').split(',').map(Number);
const MAX_PROCESSES = arg('max-processes') === undefined ? undefined : Number(arg('max-processes'));
const MAX_IDLE = arg('max-idle') === undefined ? undefined : Number(arg('max-idle'));
/** Time for the last messages of a row to publish after the senders stop. */
const DRAIN_MS = 15_000;

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Answer = { ok: boolean; data?: { status: string; seq?: number }; error?: { code: string; message?: string } };

interface Row {
  senders: number;
  published: number;
  seconds: number;
  p50: number;
  p99: number;
  timeouts: number;
  failedCalls: number;
  pendingAnswers: number;
  coldStarts: number;
  left: number;
}

/** Runs `op` with `inFlight` workers for `ms`; operations per second. */
async function rate(ms: number, inFlight: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let n = 0;
  const stopAt = Date.now() + ms;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < stopAt) await op(n++);
    }),
  );
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-busy-'));
  const functions = { timers: false, ...(MAX_PROCESSES !== undefined ? { maxProcesses: MAX_PROCESSES } : {}), ...(MAX_IDLE !== undefined ? { maxIdlePerFunction: MAX_IDLE } : {}) };
  const cloud = await LocalCloud.start({ port: 0, dataDir, functions });
  const people: Array<{ openid: string; wx: WxCloud }> = [];
  try {
    const maxSenders = Math.max(...SENDERS);
    for (let i = 0; i < maxSenders; i++) {
      const openid = `busy${String(i).padStart(2, '0')}`;
      const wx = createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never });
      wx.init({ env: cloud.envId });
      people.push({ openid, wx });
    }
    const call = async (wx: WxCloud, name: string, data: unknown): Promise<Answer> => ((await wx.callFunction({ name, data })) as { result: Answer }).result;
    // The limiter stays on, raised so that it never answers RATE_LIMITED here (as the fault test does).
    await cloud.db.insert('app_config', [{ _id: 'moderation', rateLimit: { messages: 100_000, windowSeconds: 10 }, updatedAt: new Date() }]);
    for (const p of people) await call(p.wx, 'login', {});
    const created = await call(people[0].wx, 'groups', { action: 'create', name: 'Busy room', visibility: 'public' });
    const room = (created.data as unknown as { conversationId: string }).conversationId;
    for (const p of people.slice(1)) await call(p.wx, 'groups', { action: 'join', conversationId: room });

    let cold = 0;
    let timeouts = 0;
    cloud.functions.onInvocation((r) => {
      if (r.function !== 'deliver') return;
      if (r.cold) cold++;
      if (r.status === 'timeout') timeouts++;
    });

    /** One person's outbox: strictly one message after another. */
    async function sender(p: { openid: string; wx: WxCloud }, until: number, stats: { written: Array<{ id: string; at: number }>; failed: number; pending: number }): Promise<void> {
      const db = p.wx.database();
      let i = 0;
      while (Date.now() < until) {
        const id = newClientId();
        const at = Date.now();
        await db
          .collection('messages')
          .add({ data: { _id: id, conversationId: room, type: 'text', content: { text: `${p.openid} says ${i++}` }, status: 'pending', clientTime: at, writtenAt: db.serverDate() } });
        stats.written.push({ id, at });
        for (let attempt = 0; ; attempt++) {
          const answer = await call(p.wx, 'deliver', { messageId: id }).catch((err: { code?: string; message?: string }): Answer => ({
            ok: false,
            error: { code: err.code ?? 'ERROR', message: err.message },
          }));
          if (answer.ok && answer.data?.status !== 'pending') break;
          if (answer.ok) stats.pending++;
          else {
            if (stats.failed++ === 0) console.error(`first failed deliver: ${JSON.stringify(answer.error)}`);
          }
          if (Date.now() > until + DRAIN_MS) return;
          await sleep(Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
        }
      }
    }

    async function runRow(senders: number, seconds: number): Promise<Row> {
      const stats = { written: [] as Array<{ id: string; at: number }>, failed: 0, pending: 0 };
      cold = 0;
      timeouts = 0;
      const started = Date.now();
      await Promise.all(people.slice(0, senders).map((p) => sender(p, started + seconds * 1000, stats)));
      const ids = stats.written.map((w) => w.id);
      const deadline = Date.now() + DRAIN_MS;
      let docs = await cloud.db.find('messages', { _id: { $in: ids } });
      while (docs.some((d) => d.status === 'pending') && Date.now() < deadline) {
        await sleep(100);
        docs = await cloud.db.find('messages', { _id: { $in: ids } });
      }
      const at = new Map(stats.written.map((w) => [w.id, w.at]));
      const visible = docs.filter((d) => d.status === 'visible');
      const latencies = visible.map((d) => (d.createdAt as Date).getTime() - at.get(d._id as string)!);
      const lastPublished = Math.max(...visible.map((d) => (d.createdAt as Date).getTime()));
      return {
        senders,
        published: visible.length,
        seconds: (lastPublished - started) / 1000,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        timeouts,
        failedCalls: stats.failed,
        pendingAnswers: stats.pending,
        coldStarts: cold,
        left: docs.length - visible.length,
      };
    }

    const rows: Row[] = [];
    for (const senders of SENDERS) {
      // Warm-up: as CloudBase keeps instances warm under sustained load, a row is timed after
      // one round at its concurrency has started the instances it needs.
      await runRow(senders, 1);
      const row = await runRow(senders, SECONDS);
      console.error(JSON.stringify(row));
      rows.push(row);
    }

    // The floor: what this machine does right now without the app's logic. Measured after the rows:
    // loading wx-server-sdk in this process changes how the shim's function calls identify their caller.
    Object.assign(process.env, sdkEnv(cloud.url), { SILENCE: 'true' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points at the cloud
    const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
    sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string });
    const admin = sdk.database();
    const _ = admin.command;
    await admin.collection('app_config').add({ data: Array.from({ length: 8 }, (_x, i) => ({ _id: `floor${i}`, n: 0 })) } as never);
    const floor = {
      transactions: await rate(2000, 8, (i) =>
        admin.runTransaction(async (t: Transaction) => {
          const doc = t.collection('app_config').doc(`floor${i % 8}`);
          const { data } = (await doc.get()) as { data: { n: number } };
          await doc.update({ data: { n: data.n + 1 } });
        }, 0),
      ),
      updates: await rate(
        2000,
        8,
        (i) =>
          admin
            .collection('app_config')
            .doc(`floor${i % 8}`)
            .update({ data: { n: _.inc(1) } }) as Promise<unknown>,
      ),
      adds: await rate(2000, 8, (i) => {
        const db = people[i % people.length].wx.database();
        return db
          .collection('messages')
          .add({ data: { _id: `floor_${newClientId()}`, conversationId: room, type: 'text', content: { text: 'floor' }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
      }),
    };
    // The floor's adds are real pending messages of the room (the create rule's get()s included); gone before the rows.
    cloud.db.remove('messages', { _id: { $regex: '^floor_' } }, { multi: true });
    console.error(`floor: ${Math.round(floor.transactions)} transactions/s, ${Math.round(floor.updates)} updates/s, ${Math.round(floor.adds)} client adds/s`);

    const load = os.loadavg().map((x) => x.toFixed(1));
    const fmt = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
    const one = rows.find((r) => r.senders === 1);
    const lines = [
      '## Busy room',
      '',
      `Produced by \`npx tsx scripts/bench-busy-room.ts --write\` on ${new Date().toISOString().slice(0, 10)}: one group, S people sending at once, each`,
      'as the outbox does (the pending message written through the wx.cloud shim with the security rules, then `deliver`,',
      'again after a short backoff on a `pending` answer or a failed call; the next message once this one is published), moderation on.',
      `Each row sends for ${SECONDS} s after a 1 s warm-up round at the same concurrency; send-to-visible runs from the add to the`,
      "message's server `createdAt` (same clock: the cloud runs in the script's process, with the senders).",
      '',
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.type()} ${os.release()}; load average ${load.join(' / ')} (1 / 5 / 15 min) at the end, shared with other engineers' work.`,
      `Functions: at most ${MAX_PROCESSES ?? 'the default'} processes, ${MAX_IDLE ?? 'the default'} idle per function.`,
      '',
      `Floor measured in the same run (8 in flight, 2 s each): ${fmt(floor.transactions)} single-document transactions/s, ${fmt(floor.updates)} admin updates/s, ${fmt(floor.adds)} client adds/s.`,
      '',
      '| senders | published | messages/s | vs 1 sender | per floor transaction | p50 ms | p99 ms | deliver timeouts | failed calls | `pending` answers | cold starts | left pending |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => {
        const perSecond = r.published / r.seconds;
        return `| ${r.senders} | ${r.published} | ${perSecond.toFixed(1)} | ${one ? (perSecond / (one.published / one.seconds)).toFixed(2) + 'x' : '-'} | ${(perSecond / floor.transactions).toFixed(2)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.timeouts} | ${r.failedCalls} | ${r.pendingAnswers} | ${r.coldStarts} | ${r.left} |`;
      }),
      '',
    ];
    publishSection('Busy room', lines.join('\n'));
  } finally {
    for (const p of people) await p.wx.close();
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
