// Messaging benchmark (not a test): the real mini program services against an in-process local
// cloud running the real functions.
//  1. Database reads and writes per delivered message in groups of 2, 50 and 500 members, counted
//     at the local cloud's wire (localcloud/src/db/actions.ts wireOpCounts): the sender's client
//     write plus everything the functions do. It must not grow with members.
//  2. Send -> receive latency with 50 phones (each its own wx.cloud shim and WebSocket) watching
//     one room: from room.send() on the sender to the published message in each other phone's store.
// Usage: npx tsx scripts/bench-messaging.ts [--messages 40] [--phones 50] [--latency-messages 150] [--interval 100] [--fast-interval 50] [--write]
// --write replaces the "## Messaging" section of docs/benchmarks.md with the results.
import { publishSection } from './bench-docs';
import os from 'os';
import { performance } from 'perf_hooks';
import type { LocalCloud } from '../localcloud/src/cloud';
import { wireOpCounts } from '../localcloud/src/db/actions';
import type { ChatRoom } from '../miniprogram/services/chatRoom';
import { groupOf, phoneCallsGroups, phone, setSendingLimits, shutdown, startCloud, type Phone } from '../test/messaging/support';
import { waitFor } from '../test/support/wait';
import { isPublished } from '../miniprogram/stores/timeline';
import { memberId } from '../domain/ids';
import { memberDoc } from '../domain/server/member-doc';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const READS = ['database.getDocument', 'database.calculateDocument', 'database.aggregateDocuments'];
const WRITES = ['database.insertDocument', 'database.modifyDocument', 'database.removeDocument'];

function tally(kind: 'client' | 'admin', actions: string[]): number {
  return actions.reduce((n, a) => n + (wireOpCounts.get(`${a}:${kind}`) ?? 0), 0);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface OpsRow {
  members: number;
  messages: number;
  clientReads: number;
  clientWrites: number;
  functionReads: number;
  functionWrites: number;
}

/** A group of `members` (the sender plus members written by the admin path, as a seed would). */
async function seedGroup(cloud: LocalCloud, sender: Phone, members: number): Promise<string> {
  const { conversationId } = await phoneCallsGroups(sender, { action: 'create', name: `Bench ${members}`, visibility: 'public' });
  const now = new Date();
  const ids = Array.from({ length: members - 1 }, (_, i) => `m${members}-${i}`);
  await cloud.db.insert(
    'users',
    ids.map((id) => ({ _id: id, nickname: id, avatarUrl: '', createdAt: now, lastActiveAt: now })),
  );
  await cloud.db.insert(
    'inboxes',
    ids.map((id) => ({ _id: id, conversationIds: [conversationId], updatedAt: now })),
  );
  await cloud.db.insert(
    'members',
    ids.map((id, i) => ({ _id: memberId(conversationId, id), ...memberDoc({ conversationId, openid: id, role: 'member', nickname: id, seq: 0, joinedMs: now.getTime() + i }, now) })),
  );
  await cloud.db.update('conversations', { _id: conversationId }, { $set: { memberCount: members } });
  return conversationId;
}

async function sendAndDrain(p: Phone, conversationId: string, count: number, label: string): Promise<void> {
  for (let i = 0; i < count; i++) p.messaging.outbox.send({ conversationId, type: 'text', content: { text: `${label} ${i}` } });
  await waitFor(() => p.messaging.outbox.size === 0, `${label} drained`, 120_000);
}

async function opsPerMessage(cloud: LocalCloud, members: number, messages: number): Promise<OpsRow> {
  const sender = await phone(cloud, `sender-${members}`);
  const conversationId = await seedGroup(cloud, sender, members);
  await waitFor(() => sender.messaging.conversations.rows.some((r) => r.id === conversationId), 'group listed');
  await sendAndDrain(sender, conversationId, 3, 'warm-up'); // warm function instances and caches
  wireOpCounts.clear();
  await sendAndDrain(sender, conversationId, messages, 'counted');
  const row: OpsRow = {
    members,
    messages,
    clientReads: tally('client', READS) / messages,
    clientWrites: tally('client', WRITES) / messages,
    functionReads: tally('admin', READS) / messages,
    functionWrites: tally('admin', WRITES) / messages,
  };
  const failures = await cloud.db.count('messages', { conversationId, status: { $ne: 'visible' } });
  if (failures) throw new Error(`${failures} messages were not published`);
  await shutdown(sender);
  return row;
}

interface LatencyResult {
  phones: number;
  messages: number;
  intervalMs: number;
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
  deliverP50: number;
  seconds: number;
}

async function latency(cloud: LocalCloud, phoneCount: number, messages: number, intervalMs: number): Promise<LatencyResult> {
  const phones: Phone[] = [];
  for (let i = 0; i < phoneCount; i++) phones.push(await phone(cloud, `lat${intervalMs}-${i}`));
  const conversationId = await groupOf(phones[0], phones.slice(1), 'Latency');
  const rooms: ChatRoom[] = [];
  for (const p of phones) rooms.push(await p.messaging.openRoom(conversationId));
  await waitFor(() => rooms.every((r) => r.timeline.syncState === 'live'), 'all rooms live', 60_000);

  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  const deliverMs: number[] = [];
  const seen = rooms.map(() => new Set<string>());
  rooms.forEach((room, n) =>
    room.timeline.subscribe((ops) => {
      const t = performance.now();
      for (const op of ops) {
        const item = op.op === 'insert' || op.op === 'update' ? op.message : null;
        if (!item || !isPublished(item) || seen[n].has(item.id)) continue;
        const t0 = sentAt.get(item.id);
        if (t0 === undefined) continue;
        seen[n].add(item.id);
        (item.mine ? deliverMs : samples).push(t - t0);
      }
    }),
  );

  // Five senders in turn, one message every `intervalMs`.
  const senders = rooms.slice(0, 5);
  const started = performance.now();
  for (let i = 0; i < messages; i++) {
    const entry = senders[i % senders.length].send({ text: `latency ${i}` });
    sentAt.set(entry.id, performance.now());
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const expected = messages * (phoneCount - 1);
  await waitFor(
    () => samples.length >= expected,
    () => `all deliveries (${samples.length}/${expected})`,
    120_000,
  );
  const seconds = (performance.now() - started) / 1000;
  rooms.forEach((r) => r.close());
  for (const p of phones) await shutdown(p);
  const sorted = samples.sort((a, b) => a - b);
  const deliverSorted = deliverMs.sort((a, b) => a - b);
  return {
    phones: phoneCount,
    messages,
    intervalMs,
    deliveries: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    deliverP50: percentile(deliverSorted, 50),
    seconds,
  };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function report(rows: OpsRow[], runs: LatencyResult[]): string {
  const lat = runs[0];
  const col = (pick: (r: LatencyResult) => string) => runs.map(pick).join(' | ');
  const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const ms = (n: number) => n.toFixed(1);
  return `## Messaging

Produced by \`npx tsx scripts/bench-messaging.ts --write\` on ${new Date().toISOString().slice(0, 10)}: the mini program's own
services (outbox, room sync, stores) on the wx.cloud shim, against an in-process local cloud running
the real functions (deliver with moderation, rate windows and msgSecCheck). Sending limits raised
through app_config so the bench measures the path, not the limiter.
Machine: ${machine()}; other engineers' processes shared it.

### Database operations per delivered message

${rows[0].messages} messages from one sender per group, after 3 warm-up messages; counted at the local cloud's
wire (\`wireOpCounts\` in localcloud/src/db/actions.ts), failed operations included. Client = the
sender's own \`add()\`; functions = everything \`deliver\` does through wx-server-sdk (reads inside
its transactions included). Security-rule \`get()\` lookups are not counted.

| members | client reads | client writes | function reads | function writes | total |
|---|---|---|---|---|---|
${rows.map((r) => `| ${r.members} | ${f(r.clientReads)} | ${f(r.clientWrites)} | ${f(r.functionReads)} | ${f(r.functionWrites)} | ${f(r.clientReads + r.clientWrites + r.functionReads + r.functionWrites)} |`).join('\n')}

The cost of a message does not depend on the number of members: no per-recipient writes (members
learn of it through the one room watch and the conversation summary; unread = seq - lastReadSeq).

### Send -> receive latency, ${lat.phones} phones in one room

${lat.phones} phones, each its own shim client and WebSocket, all in one process with the cloud (their
JSON parsing and store updates compete with the server for the same cores). ${lat.messages} messages from 5
senders in turn at a fixed interval; latency = from \`room.send()\` on the sender (local echo) to the
published message in each other phone's chat store.

| measure | ${col((r) => `one message every ${r.intervalMs} ms`)} |
|---|${runs.map(() => '---|').join('')}
| deliveries measured | ${col((r) => String(r.deliveries))} |
| send -> receive p50 | ${col((r) => `${ms(r.p50)} ms`)} |
| send -> receive p99 | ${col((r) => `${ms(r.p99)} ms`)} |
| send -> receive max | ${col((r) => `${ms(r.max)} ms`)} |
| send -> sender sees it published (p50) | ${col((r) => `${ms(r.deliverP50)} ms`)} |
| messages/s achieved | ${col((r) => (r.messages / r.seconds).toFixed(1))} |

Latency is the deliver round trip (the sender's own "published" time is nearly the same): the watch
push itself adds a few ms. When messages come faster than one deliver transaction per seq can commit
(concurrent senders conflict on the conversation's seq and retry), they queue and latency grows with
the queue, as the faster column shows; the outbox keeps every sender's order regardless.

setData bytes and rendered nodes of the chat page are measured with the UI (see the chat page's section).
`;
}

async function main(): Promise<void> {
  const messages = arg('messages', 40);
  const phones = arg('phones', 50);
  const latencyMessages = arg('latency-messages', 150);
  const cloud = await startCloud();
  try {
    await setSendingLimits(cloud, { messages: 100_000, windowSeconds: 10 });
    const rows: OpsRow[] = [];
    for (const members of [2, 50, 500]) {
      rows.push(await opsPerMessage(cloud, members, messages));
      console.error(`ops: ${JSON.stringify(rows[rows.length - 1])}`);
    }
    const runs: LatencyResult[] = [];
    for (const intervalMs of [arg('interval', 100), arg('fast-interval', 50)]) {
      runs.push(await latency(cloud, phones, latencyMessages, intervalMs));
      console.error(`latency: ${JSON.stringify(runs[runs.length - 1])}`);
    }
    const section = report(rows, runs);
    publishSection('Messaging', section);
  } finally {
    await cloud.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
