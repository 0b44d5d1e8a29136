// Load test (bounded, loopback only; not a test): 200 simulated users in 20 groups send for 60 s
// through the wx.cloud shim with moderation on (word list, msgSecCheck, media checks, limits),
// then the sweep and the notify timer run. Checks: every message ends visible, held or blocked
// (none stuck pending); subscribe-message sends never exceed the consents given; no query needs an
// index database/ does not declare (the local cloud's index advisor). Prints
// messages/s, p50/p99 send-to-visible and counts by final status.
//
//   npx tsx scripts/load-test.ts [--seconds 60] [--users 200] [--groups 20] [--concurrency 12]
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import { LocalCloud } from '../localcloud/src/cloud';
import { createWxCloud, WxCloud } from '../localcloud/src/client';
import { newClientId } from '../domain/ids';
import { DEFAULT_NOTIFY } from '../domain/server/safety/config';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const SECONDS = arg('seconds', 60);
const USERS = arg('users', 200);
const GROUPS = arg('groups', 20);
/** Calls in flight at once: a phone sends one at a time; 2 cores run the functions. */
const CONCURRENCY = arg('concurrency', 12);
const TEMPLATE = DEFAULT_NOTIFY.templates.messages!.templateId;

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

type Call = { ok: boolean; data?: { status: string; conversationId?: string }; error?: { code: string; details?: { retryAfterMs?: number } } };

async function call(user: WxCloud, name: string, data: unknown): Promise<Call> {
  return ((await user.callFunction({ name, data })) as { result: Call }).result;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-test-'));
  const cloud = await LocalCloud.start({ port: 0, dataDir, functions: { timers: false } });
  cloud.openapi.mediaCheckDelayMs = 500;
  const user = (openid: string) => {
    const wx = createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never });
    wx.init({ env: cloud.envId });
    return wx;
  };
  const users = Array.from({ length: USERS }, (_, i) => ({ openid: `lt${String(i).padStart(3, '0')}`, wx: user(`lt${String(i).padStart(3, '0')}`) }));
  await cloud.db.insert('moderation_words', [{ _id: 'lw1', word: 'forbidden-word', action: 'block' }]);
  console.log(`setup: ${USERS} users, ${GROUPS} groups`);
  for (const u of users) await call(u.wx, 'login', {});
  const groups: string[] = [];
  const per = USERS / GROUPS;
  for (let g = 0; g < GROUPS; g++) {
    const owner = users[g * per];
    const created = await call(owner.wx, 'groups', { action: 'create', name: `Group ${g}`, visibility: 'public' });
    const id = created.data!.conversationId!;
    groups.push(id);
    for (let k = 1; k < per; k++) await call(users[g * per + k].wx, 'groups', { action: 'join', conversationId: id });
  }
  // Warm the deliver path (first calls bundle and start instances) before the clock starts.
  await Promise.all(
    groups.map(async (id, g) => {
      const db = users[g * per].wx.database();
      const _id = newClientId();
      await db.collection('messages').add({ data: { _id, conversationId: id, type: 'text', content: { text: 'welcome' }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
      await call(users[g * per].wx, 'deliver', { messageId: _id }).catch(() => undefined);
    }),
  );
  // A quarter of the users accept one or two notification consents (WeChat's side, then ours).
  const consents = new Map<string, number>();
  for (const u of users.filter((_, i) => i % 4 === 0)) {
    const n = 1 + (Number(u.openid.slice(2)) % 2);
    for (let k = 0; k < n; k++) {
      cloud.openapi.recordConsent(u.openid, TEMPLATE, 'accept');
      await call(u.wx, 'notifications', { action: 'recordConsent', results: { [TEMPLATE]: 'accept' } });
    }
    consents.set(u.openid, n);
  }
  const image = await cloud.storage.put('chat/load/photo.png', Buffer.from('png'), '', 'image/png');
  const risky = await cloud.storage.put('chat/load/risky-demo.png', Buffer.from('png'), '', 'image/png');

  const sent: Array<{ id: string; at: number; visibleAt?: number }> = [];
  let rateLimited = 0;
  let timeouts = 0;
  let inFlight = 0;
  const waiters: Array<() => void> = [];
  const acquire = async () => {
    while (inFlight >= CONCURRENCY) await new Promise<void>((r) => waiters.push(r));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    waiters.shift()?.();
  };

  function content(i: number): Record<string, unknown> {
    const roll = i % 50;
    if (roll === 0) return { type: 'image', content: { fileId: image.fileID, size: 3 } };
    if (roll === 1) return { type: 'image', content: { fileId: risky.fileID, size: 3 } };
    if (roll === 2) return { type: 'text', content: { text: `please check review-demo ${i}` } };
    if (roll === 3) return { type: 'text', content: { text: `risky-demo offer ${i}` } };
    if (roll === 4) return { type: 'text', content: { text: `forbidden-word ${i}` } };
    return { type: 'text', content: { text: `message ${i} about the weekend plans` } };
  }

  const started = Date.now();
  const stopAt = started + SECONDS * 1000;
  let counter = 0;
  async function person(u: { openid: string; wx: WxCloud }, conversationId: string): Promise<void> {
    const db = u.wx.database();
    // A person writes every 8-30 s: 200 people make roughly 10 messages a second.
    await new Promise((r) => setTimeout(r, Math.random() * 8000));
    while (Date.now() < stopAt) {
      const i = counter++;
      const _id = newClientId();
      const at = Date.now();
      await acquire();
      try {
        await db.collection('messages').add({ data: { _id, conversationId, status: 'pending', clientTime: at, writtenAt: db.serverDate(), ...content(i) } });
        const entry: { id: string; at: number; visibleAt?: number } = { id: _id, at };
        sent.push(entry);
        for (let attempt = 0; attempt < 5; attempt++) {
          // A timed-out call (a cold instance under load) is retried like the app's outbox does;
          // whatever is still pending at the end is the sweep's.
          const res = await call(u.wx, 'deliver', { messageId: _id }).catch((): Call => ({ ok: false, error: { code: 'TIMEOUT' } }));
          if (res.error?.code === 'TIMEOUT') {
            timeouts++;
            continue;
          }
          if (res.ok) {
            if (res.data!.status === 'visible') entry.visibleAt = Date.now();
            break;
          }
          if (res.error?.code !== 'RATE_LIMITED') break;
          rateLimited++;
          await new Promise((r) => setTimeout(r, res.error!.details?.retryAfterMs ?? 1000));
        }
      } finally {
        release();
      }
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(8000 + Math.random() * 22000, stopAt - Date.now()))));
    }
  }
  await Promise.all(users.map((u, i) => person(u, groups[Math.floor(i / per)])));
  const sendSeconds = (Date.now() - started) / 1000;

  // Media verdicts arrive by push; then anything still pending goes through the sweep.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await cloud.db.count('moderation_checks', { kind: 'media', suggest: { $exists: false } })) > 0) await new Promise((r) => setTimeout(r, 200));
  let pending = await cloud.db.count('messages', { status: 'pending' });
  if (pending > 0) {
    await new Promise((r) => setTimeout(r, 31_000));
    await cloud.functions.fireTimer('sweep');
    pending = await cloud.db.count('messages', { status: 'pending' });
  }
  const ids = sent.map((s) => s.id);
  const docs = await cloud.db.find('messages', { _id: { $in: ids } });
  const byStatus: Record<string, number> = {};
  for (const d of docs) byStatus[d.status as string] = (byStatus[d.status as string] ?? 0) + 1;
  // Media published by the push: time to visible is when the check decided.
  const latencies = sent.filter((s) => s.visibleAt).map((s) => s.visibleAt! - s.at);

  for (const u of users) await cloud.db.update('users', { _id: u.openid }, { $set: { lastActiveAt: new Date(Date.now() - 3600_000) } });
  await cloud.functions.fireTimer('notify');
  const outbox = cloud.openapi.outbox();
  const perUser = new Map<string, number>();
  for (const m of outbox) perUser.set(m.touser, (perUser.get(m.touser) ?? 0) + 1);
  const overspent = [...perUser].filter(([openid, n]) => n > (consents.get(openid) ?? 0));

  const cpu = os.cpus();
  const result = {
    machine: `${cpu[0]?.model ?? 'cpu'} x${cpu.length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`,
    seconds: Math.round(sendSeconds),
    messages: sent.length,
    messagesPerSecond: +(sent.length / sendSeconds).toFixed(1),
    sendToVisibleMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length },
    byStatus,
    pendingAfterSweep: pending,
    rateLimitedRetries: rateLimited,
    deliverTimeouts: timeouts,
    notifications: { sent: outbox.length, usersWithConsent: consents.size, consentsGiven: [...consents.values()].reduce((a, b) => a + b, 0), overspent: overspent.length },
    // Queries no index in database/ serves (a collection scan in production): should be none.
    missingIndexes: cloud.db.missingIndexes().map((m) => `${m.collection} ${m.operation} ${m.shape} from ${m.sources.map((x) => x.source).join(', ')}`),
  };
  console.log(JSON.stringify(result, null, 2));
  for (const u of users) await u.wx.close();
  await cloud.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (pending > 0 || overspent.length > 0 || docs.length !== sent.length || result.missingIndexes.length > 0) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
