// Groups of 100 and of 100,000 members, side by side in one local cloud: every per-request
// operation (the real functions through the wx.cloud shim, warm) timed at both sizes, the ratio
// being the result; then the large operations: the notify timer with many away members, account
// deletion, leave with erase, and dissolve as a job run to completion by the jobs timer.
//
// Usage: npx tsx scripts/bench-scale.ts [--members 100000] [--calls 30] [--write]
// Bounded: seeding 100,000 members takes under a minute, the per-request rows a few seconds each,
// the dissolve job about a minute. Prints the "## Groups at scale" section; --write replaces it in
// docs/benchmarks.md.
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import { LocalCloud } from '../localcloud/src/cloud';
import { createWxCloud, WxCloud } from '../localcloud/src/client';
import { wireOpCounts } from '../localcloud/src/db/actions';
import { memberId, newClientId } from '../domain/ids';
import { DEFAULT_NOTIFY } from '../domain/server/safety/config';
import type { Role } from '../domain/permissions';
import { insertGroup, insertUsers } from '../test/communities/support';
import { publishSection } from './bench-docs';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BIG = arg('members', 100_000);
const SMALL = 100;
const CALLS = arg('calls', 30);
const TEMPLATE = DEFAULT_NOTIFY.templates.messages!.templateId;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const ops = () => [...wireOpCounts.values()].reduce((n, v) => n + v, 0);

const clients = new Map<string, WxCloud>();
let cloud: LocalCloud;
function as(openid: string): WxCloud {
  let c = clients.get(openid);
  if (!c) {
    c = createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never });
    c.init({ env: cloud.envId });
    clients.set(openid, c);
  }
  return c;
}
async function call<T = unknown>(openid: string, name: string, data: Record<string, unknown>): Promise<T> {
  const res = (await as(openid).callFunction({ name, data })) as unknown as { result: { ok: boolean; data: T; error?: unknown } };
  if (!res.result.ok) throw new Error(`${name} ${JSON.stringify(data).slice(0, 120)} as ${openid}: ${JSON.stringify(res.result.error)}`);
  return res.result.data;
}

interface Group {
  gid: string;
  size: number;
  ids: string[];
  joiners: string[];
}

const idOf = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, '0')}`;

async function seed(prefix: string, size: number): Promise<Group> {
  const gid = `bench-${prefix}`;
  const ids = Array.from({ length: size }, (_, i) => idOf(prefix, i));
  // Joiners for join/leave rows, outside the group.
  const joiners = Array.from({ length: CALLS + 10 }, (_, i) => idOf(`${prefix}j`, i));
  for (let i = 0; i < ids.length; i += 20_000)
    await insertUsers(
      cloud,
      ids.slice(i, i + 20_000).map((openid, k) => ({ openid, nickname: `m${String(i + k).padStart(6, '0')}` })),
    );
  await insertUsers(
    cloud,
    joiners.map((openid) => ({ openid, nickname: `joiner ${openid}` })),
  );
  const members: Record<string, Role> = {};
  for (const id of ids) members[id] = 'member';
  members[ids[0]] = 'owner';
  members[ids[1]] = 'admin';
  await insertGroup(cloud, { conversationId: gid, members });
  console.error(`  ${gid}: users, members and inboxes in place`);
  // 20 published messages; a third of the members have read them all, the rest up to 5.
  const now = new Date();
  await cloud.db.insert(
    'messages',
    Array.from({ length: 20 }, (_, i) => ({
      _id: `${gid}-m${i + 1}`,
      conversationId: gid,
      seq: i + 1,
      status: 'visible',
      type: 'text',
      content: { text: `message ${i + 1}` },
      _openid: ids[0],
      writtenAt: now,
      createdAt: now,
      clientTime: now.getTime(),
    })),
  );
  await cloud.db.update('conversations', { _id: gid }, { $set: { seq: 20, updatedAt: new Date(Date.now() - 2 * 86_400_000) } });
  await cloud.db.update('members', { conversationId: gid }, { $set: { lastReadSeq: 5, lastDeliveredSeq: 5 } }, { multi: true });
  for (let i = 0; i < size; i += 3) await cloud.db.update('members', { _id: memberId(gid, ids[i]) }, { $set: { lastReadSeq: 20, lastDeliveredSeq: 20 } });
  return { gid, size, ids, joiners };
}

async function measure(label: string, run: (i: number) => Promise<unknown>, calls = CALLS): Promise<{ label: string; p50: number; ops: number }> {
  for (let i = 0; i < 3; i++) await run(-1 - i);
  const times: number[] = [];
  const before = ops();
  for (let i = 0; i < calls; i++) {
    const t = process.hrtime.bigint();
    await run(i);
    times.push(ms(t));
  }
  return { label, p50: median(times), ops: (ops() - before) / calls };
}

type Row = { label: string; p50: number; ops: number };

type RowSpec = { label: string; run: (i: number) => Promise<unknown>; after?: () => Promise<unknown> };

async function perRequest(g: Group): Promise<RowSpec[]> {
  const reader = g.ids[7];
  const deepIndex = g.size - 25;
  const deepCursor = String((await cloud.db.find('members', { _id: memberId(g.gid, g.ids[deepIndex]) }))[0].listKey);
  const readersDeep = `20|${g.ids[Math.max(0, g.size - 60 - ((g.size - 60) % 3))]}`;
  const rows: RowSpec[] = [];
  const timed = (label: string, run: (i: number) => Promise<unknown>, after?: () => Promise<unknown>): RowSpec => ({ label, run, after });
  rows.push(timed('member list, first page (20)', () => call(reader, 'groups', { action: 'members', conversationId: g.gid })));
  rows.push(timed('member list, a page at depth size - 25 (cursor)', () => call(reader, 'groups', { action: 'members', conversationId: g.gid, cursor: deepCursor })));
  rows.push(timed('member search, nickname prefix (100 matches, count + first 20)', () => call(reader, 'groups', { action: 'members', conversationId: g.gid, query: 'm0000' })));
  rows.push(timed('readers of seq 10: count + first page (50)', () => call(g.ids[0], 'readers', { conversationId: g.gid, seq: 10 })));
  rows.push(timed('readers of seq 10: a page near the end (cursor)', () => call(g.ids[0], 'readers', { conversationId: g.gid, seq: 10, cursor: readersDeep })));
  rows.push(timed('receipts: mark read (unread = seq - lastReadSeq)', (i) => call(g.ids[10 + (i + 3)], 'receipts', { updates: [{ conversationId: g.gid, readSeq: 20 }] })));
  rows.push(
    timed('deliver (write pending + deliver)', async (i) => {
      const sender = g.ids[20 + ((i + 3) % 10)];
      const db = as(sender).database();
      const _id = newClientId();
      await db
        .collection('messages')
        .add({ data: { _id, conversationId: g.gid, type: 'text', content: { text: `bench ${i}` }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
      await call(sender, 'deliver', { messageId: _id });
    }),
  );
  rows.push(timed('join (open group)', (i) => call(g.joiners[i + 3], 'groups', { action: 'join', conversationId: g.gid })));
  rows.push(timed('leave', (i) => call(g.joiners[i + 3], 'groups', { action: 'leave', conversationId: g.gid })));
  rows.push(
    timed(
      'mute-all on/off (owner)',
      (i) => call(g.ids[0], 'groups', { action: 'muteAll', conversationId: g.gid, on: i % 2 === 0 }),
      () => call(g.ids[0], 'groups', { action: 'muteAll', conversationId: g.gid, on: false }),
    ),
  );
  rows.push(timed('announcement (owner)', (i) => call(g.ids[0], 'groups', { action: 'setAnnouncement', conversationId: g.gid, text: `notice ${i}` })));
  return rows;
}

/** The notify timer with every member away and credits for `credited` of them; news in this group only. */
async function notifyRun(g: Group, credited: number): Promise<{ ms: number; ops: number; sent: number }> {
  const hourAgo = new Date(Date.now() - 3600_000);
  await cloud.db.update('users', {}, { $set: { lastActiveAt: hourAgo } }, { multi: true });
  const picked = g.ids.filter((_, i) => i % Math.floor(g.size / credited) === 1).slice(0, credited);
  for (const openid of picked) cloud.openapi.recordConsent(openid, TEMPLATE, 'accept');
  await cloud.db.insert(
    'subscriptions',
    picked.map((openid) => ({ _id: openid, credits: { [TEMPLATE]: 1 }, updatedAt: new Date() })),
  );
  const now = new Date();
  await cloud.db.insert('messages', [
    { _id: `${g.gid}-news`, conversationId: g.gid, seq: 21, status: 'visible', type: 'text', content: { text: 'news' }, _openid: g.ids[0], writtenAt: now, createdAt: now, clientTime: now.getTime() },
  ]);
  await cloud.db.update('conversations', { _id: g.gid }, { $set: { seq: 21, updatedAt: now } });
  const before = ops();
  const t = process.hrtime.bigint();
  const res = (await cloud.functions.invoke('notify', { Type: 'Timer' })) as { ok: boolean; data: { sent: number } };
  const took = ms(t);
  // The group's news is old again for the next run.
  await cloud.db.update('conversations', { _id: g.gid }, { $set: { updatedAt: new Date(Date.now() - 2 * 86_400_000) } });
  return { ms: took, ops: ops() - before, sent: res.data.sent };
}

async function leaveErase(g: Group): Promise<number> {
  const who = g.joiners[CALLS + 5];
  await call(who, 'groups', { action: 'join', conversationId: g.gid });
  const db = as(who).database();
  for (let i = 0; i < 5; i++) {
    const _id = newClientId();
    await db
      .collection('messages')
      .add({ data: { _id, conversationId: g.gid, type: 'text', content: { text: `to erase ${i}` }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
    await call(who, 'deliver', { messageId: _id });
  }
  const t = process.hrtime.bigint();
  await call(who, 'groups', { action: 'leave', conversationId: g.gid, eraseMyMessages: true });
  return ms(t);
}

async function deleteAccount(g: Group): Promise<number> {
  // An untimed deletion first: the account function's instance is warm for the timed one.
  await call(g.ids[60], 'account', { action: 'delete', messages: 'anonymise', confirm: 'DELETE' });
  const who = g.ids[50];
  const t = process.hrtime.bigint();
  const res = await call<{ status: string }>(who, 'account', { action: 'delete', messages: 'anonymise', confirm: 'DELETE' });
  if (res.status !== 'done') throw new Error(`account deletion not done inline: ${res.status}`);
  return ms(t);
}

async function dissolve(g: Group): Promise<{ answerMs: number; totalMs: number; runs: number; maxRunMs: number; left: number }> {
  const t = process.hrtime.bigint();
  const first = await call<{ jobId: string; status: string }>(g.ids[0], 'groups', { action: 'dissolve', conversationId: g.gid });
  const answerMs = ms(t);
  let runs = 0;
  let maxRunMs = 0;
  for (let status = first.status; status !== 'done';) {
    const r = process.hrtime.bigint();
    await cloud.functions.invoke('jobs', { Type: 'Timer' });
    maxRunMs = Math.max(maxRunMs, ms(r));
    runs++;
    status = String((await cloud.db.find('jobs', { _id: first.jobId }))[0].status);
    if (runs > 50) throw new Error('dissolve did not finish in 50 timer runs');
  }
  const left = (await cloud.db.count('members', { conversationId: g.gid })) + (await cloud.db.count('inboxes', { conversationIds: g.gid }));
  return { answerMs, totalMs: ms(t), runs, maxRunMs, left };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  cloud = await LocalCloud.start({ port: 0, dataDir, functions: { timers: false } });
  try {
    await cloud.db.insert('app_config', [{ _id: 'notify', maxPerUserPerHour: 3_600_000 }]);
    let t = process.hrtime.bigint();
    const small = await seed('s', SMALL);
    const big = await seed('b', BIG);
    console.error(`seeded ${SMALL} + ${BIG} members in ${(ms(t) / 1000).toFixed(1)} s`);
    const rows: Array<[Row, Row]> = [];
    const a = await perRequest(small);
    const b = await perRequest(big);
    // Interleaved, row by row: both sizes see the same machine load and the same warm instances.
    for (let i = 0; i < a.length; i++) {
      const x = await measure(a[i].label, a[i].run);
      await a[i].after?.();
      const y = await measure(b[i].label, b[i].run);
      await b[i].after?.();
      rows.push([x, y]);
      console.error(`${x.label}: ${x.p50.toFixed(1)} / ${y.p50.toFixed(1)} ms`);
    }
    await cloud.functions.invoke('notify', { Type: 'Timer' }); // warm instance
    await cloud.functions.invoke('jobs', { Type: 'Timer' });
    const eraseSmall = await leaveErase(small);
    const eraseBig = await leaveErase(big);
    const notifySmall = await notifyRun(small, 1);
    const notifyBig = await notifyRun(big, Math.max(1, Math.floor(BIG / 100)));
    console.error(`notify: ${JSON.stringify(notifySmall)} / ${JSON.stringify(notifyBig)}`);
    const deleteSmall = await deleteAccount(small);
    const deleteBig = await deleteAccount(big);
    const dissolveSmall = await dissolve(small);
    t = process.hrtime.bigint();
    const dissolveBig = await dissolve(big);
    console.error(`dissolve: ${JSON.stringify(dissolveSmall)} / ${JSON.stringify(dissolveBig)} (${(ms(t) / 1000).toFixed(1)} s)`);

    const fmt = (x: number) => x.toFixed(1);
    const ratio = (x: number, y: number) => `${(y / x).toFixed(2)}x`;
    const big$ = BIG.toLocaleString('en-US');
    const lines = [
      '## Groups at scale',
      '',
      `Produced by \`npx tsx scripts/bench-scale.ts --write\` on ${new Date().toISOString().slice(0, 10)}: one local cloud (in process), a group of ${SMALL} and a group of`,
      `${big$} members seeded through the admin database, then the real functions (warm instances, real wx-server-sdk)`,
      `called through the wx.cloud shim over HTTP, as the mini program calls them. Per-request rows: median of ${CALLS} sequential`,
      'calls after 3 warm-up calls; database operations per call counted at the wire (function and client reads and writes).',
      '',
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.type()} ${os.release()}; shared with other engineers' work, so read the ratios.`,
      '',
      `| operation | ${SMALL} members, p50 ms | ${big$} members, p50 ms | ratio | db ops per call (${SMALL} / ${big$}) |`,
      '|---|---|---|---|---|',
      ...rows.map(([x, y]) => `| ${x.label} | ${fmt(x.p50)} | ${fmt(y.p50)} | ${ratio(x.p50, y.p50)} | ${x.ops.toFixed(0)} / ${y.ops.toFixed(0)} |`),
      `| leave with erase (5 own messages, inline slice of the erase job) | ${fmt(eraseSmall)} | ${fmt(eraseBig)} | ${ratio(eraseSmall, eraseBig)} | |`,
      `| account deletion of a member (inline slice of the account job; done) | ${fmt(deleteSmall)} | ${fmt(deleteBig)} | ${ratio(deleteSmall, deleteBig)} | |`,
      '',
      '| large operation | ' + `${SMALL} members | ${big$} members |`,
      '|---|---|---|',
      `| notify timer, every member away; credits for 1 / ${Math.floor(BIG / 100).toLocaleString('en-US')} members: run time | ${fmt(notifySmall.ms)} ms (${notifySmall.ops} db ops, ${notifySmall.sent} sent) | ${fmt(notifyBig.ms)} ms (${notifyBig.ops} db ops, ${notifyBig.sent} sent) |`,
      `| dissolve: the request's answer | ${fmt(dissolveSmall.answerMs)} ms | ${fmt(dissolveBig.answerMs)} ms |`,
      `| dissolve: until the job is done (jobs timer runs back to back) | ${fmt(dissolveSmall.totalMs)} ms, ${dissolveSmall.runs} timer runs | ${(dissolveBig.totalMs / 1000).toFixed(1)} s, ${dissolveBig.runs} timer runs, longest run ${(dissolveBig.maxRunMs / 1000).toFixed(1)} s |`,
      `| dissolve: member documents + inbox entries left | ${dissolveSmall.left} | ${dissolveBig.left} |`,
      '',
    ];
    publishSection('Groups at scale', lines.join('\n'));
  } finally {
    for (const c of clients.values()) await c.close();
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
