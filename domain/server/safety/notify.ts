// The notify timer: members who are not in the app hear about new messages by subscribe message,
// the only push a mini program has. Scarce, so spent well:
// - one message per user per run, batching every conversation with news ("5 new messages" in one
//   group, or "12 new in 3 chats"), with mentions first, then direct messages, then the busiest group;
// - per-group settings (members.notify all|mentions|none, members.muted) and the user's quiet hours
//   and switch (subscriptions) honoured; at most maxPerUserPerHour sends per user;
// - never a send without a consent credit (consent.ts), exactly one credit per send;
// - members.lastNotifiedSeq records what a member was told about, so nothing is sent twice; a
//   member who read the messages meanwhile (lastReadSeq) is not told at all.
import { memberId } from '../../ids';
import type { Database } from '../database';
import { findById, rows } from '../database';
import { fill, notifyConfig, wordingFor, type NotifyConfig } from './config';
import { format, languageOf, type Lang } from '../../i18n/index';
import { sendTaken, takeCredits, type SendOutcome, type SubscriptionDoc } from './consent';
import type { Platform } from './platform';

/** Conversations active within this window are looked at; older news is not worth a push. */
const LOOKBACK_MS = 24 * 3600_000;
const CONVERSATION_BATCH = 200;
const MEMBER_PAGE = 1000;
const LEDGER_PAGE = 100;
const MESSAGE_WINDOW = 200;
/** Sends in flight at once within a page. */
const SEND_CONCURRENCY = 8;

interface ConversationRow {
  _id: string;
  type: 'group' | 'direct';
  name?: string;
  seq: number;
  lastMessage?: { senderId?: string; senderName?: string } | null;
}

interface MemberRow {
  _id: string;
  openid: string;
  lastReadSeq: number;
  lastNotifiedSeq?: number;
  notify?: 'all' | 'mentions' | 'none';
  muted?: boolean;
}

export interface NewsItem {
  conversationId: string;
  kind: 'group' | 'direct';
  name: string;
  toSeq: number;
  count: number;
  mentions: number;
  lastSender: string;
}

export interface NotifyReport {
  sent: number;
  skipped: Record<string, number>;
}

function minuteOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether `now` falls in the user's quiet hours (which may wrap midnight, e.g. 22:00-07:00). */
export function inQuietHours(quiet: SubscriptionDoc['quietHours'], now: number): boolean {
  if (!quiet) return false;
  const local = Math.floor((((now / 60_000 + quiet.utcOffsetMinutes) % 1440) + 1440) % 1440);
  const start = minuteOfDay(quiet.start);
  const end = minuteOfDay(quiet.end);
  if (start === end) return false;
  return start < end ? local >= start && local < end : local >= start || local < end;
}

/** Mentions first, then direct messages, then the busiest groups. */
export function byPriority(a: NewsItem, b: NewsItem): number {
  return b.mentions - a.mentions || (a.kind === 'direct' ? 0 : 1) - (b.kind === 'direct' ? 0 : 1) || b.count - a.count;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** The lines of one batched notification; `thing` keywords take 20 characters. */
export function compose(items: NewsItem[], config: NotifyConfig, now: number, utcOffsetMinutes: number, lang: Lang = 'zh-CN'): Record<string, string> {
  const top = items[0];
  const total = items.reduce((n, i) => n + i.count, 0);
  const w = wordingFor(config, lang) as Record<'groupSummary' | 'oneMessage' | 'mention' | 'direct' | 'manyChats', string>;
  let summary: string;
  if (items.length > 1) summary = fill(w.manyChats, { count: total, chats: items.length });
  else if (top.mentions > 0) summary = fill(w.mention, { sender: top.lastSender });
  else if (top.kind === 'direct') summary = fill(w.direct, { count: top.count, sender: top.lastSender });
  else summary = top.count === 1 ? w.oneMessage : fill(w.groupSummary, { count: top.count });
  const local = new Date(now + utcOffsetMinutes * 60_000).toISOString();
  // A direct chat has no name: its title is the other person.
  const title = (top.kind === 'direct' ? top.lastSender : top.name) || format(lang, 'app_name');
  return { title: clip(title, 20), summary: clip(summary, 20), time: `${local.slice(0, 10)} ${local.slice(11, 16)}`, count: String(total) };
}

/** The newest messages of a conversation (one read per conversation per run, shared by its members). */
async function recentOf(db: Database, conversation: ConversationRow, cache: Map<string, RecentRow[]>): Promise<RecentRow[]> {
  let recent = cache.get(conversation._id);
  if (!recent) {
    const _ = db.command;
    recent = rows<RecentRow>(
      await db
        .collection('messages')
        .where({ conversationId: conversation._id, seq: _.gt(Math.max(0, conversation.seq - MESSAGE_WINDOW)) })
        .orderBy('seq', 'desc')
        .limit(MESSAGE_WINDOW)
        .field({ seq: true, _openid: true, mentions: true, status: true })
        .get(),
    );
    cache.set(conversation._id, recent);
  }
  return recent;
}

interface RecentRow {
  seq: number;
  _openid: string;
  mentions?: string[];
  status: string;
}

/** One member's news in one conversation, or null. */
function newsFor(m: MemberRow, conversation: ConversationRow, recent: RecentRow[]): NewsItem | null {
  const seen = Math.max(m.lastReadSeq, m.lastNotifiedSeq ?? 0);
  if (seen >= conversation.seq || m.notify === 'none' || m.muted) return null;
  // Seqs stay on messages removed since: count what the member would find in the room.
  const fresh = recent.filter((r) => r.seq > seen && r._openid !== m.openid && r.status === 'visible');
  const mentions = fresh.filter((r) => r.mentions?.includes(m.openid)).length;
  const count = fresh.length;
  if (count === 0 || (m.notify === 'mentions' && mentions === 0)) return null;
  return {
    conversationId: conversation._id,
    kind: conversation.type,
    name: conversation.name ?? '',
    toSeq: conversation.seq,
    count: m.notify === 'mentions' ? mentions : count,
    mentions,
    lastSender: fresh[0]._openid,
  };
}

async function byIds<T extends { _id: string }>(db: Database, collection: string, ids: string[], field?: Record<string, boolean>): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (let i = 0; i < ids.length; i += 100) {
    let query = db
      .collection(collection)
      .where({ _id: db.command.in(ids.slice(i, i + 100)) })
      .limit(100);
    if (field) query = query.field(field);
    for (const row of rows<T>(await query.get())) out.set(row._id, row);
  }
  return out;
}

/** Where a run stopped, so the next one resumes (a document in `jobs`, never claimed as work). */
const CURSOR_ID = 'notify_timer';
/** The notify function's timeout is 60 s: stop starting pages well before. */
const DEFAULT_BUDGET_MS = 30_000;

async function saveCursor(db: Database, cursor: string): Promise<void> {
  const now = db.serverDate();
  await db
    .collection('jobs')
    .doc(CURSOR_ID)
    .set({ data: { kind: 'notify', ownerId: '', params: {}, status: 'done', progress: { phase: 0, done: 0, cursor }, leaseUntil: 0, runs: 0, createdAt: now, updatedAt: now } });
}

/**
 * The notify timer. Its cost follows the people who can be notified and the conversations that
 * changed, never a group's size: it walks the consent ledgers that hold a credit for the messages
 * template (subscriptions, in _id order, 100 at a time), and for each page reads only those
 * people's member documents in the conversations changed within LOOKBACK_MS (members where openid
 * in page and conversationId in changed). A run stops starting pages when its budget is spent and
 * saves its position; the next minute resumes there, so nobody with a credit is dropped however
 * many there are.
 */
export async function runNotify(
  db: Database,
  platform: Platform,
  now = Date.now(),
  options: { budgetMs?: number; maxPages?: number; clock?: () => number } = {},
): Promise<NotifyReport & { pages: number; resumeAt?: string }> {
  const clock = options.clock ?? Date.now;
  const deadline = clock() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const report: NotifyReport & { pages: number; resumeAt?: string } = { sent: 0, skipped: {}, pages: 0 };
  const skip = (why: string) => void (report.skipped[why] = (report.skipped[why] ?? 0) + 1);
  const config = await notifyConfig(db);
  const template = config.templates.messages;
  if (!template) return report;
  const _ = db.command;

  const conversations = rows<ConversationRow>(
    await db
      .collection('conversations')
      .where({ updatedAt: _.gt(new Date(now - LOOKBACK_MS)), seq: _.gt(0) })
      .orderBy('updatedAt', 'desc')
      .limit(CONVERSATION_BATCH)
      .field({ type: true, name: true, seq: true, lastMessage: true, dissolvedAt: true })
      .get(),
  );
  if (!conversations.length) return report;
  const byConversation = new Map(conversations.map((c) => [c._id, c]));
  const conversationIds = [...byConversation.keys()];
  const recentCache = new Map<string, RecentRow[]>();
  const offlineBefore = now - config.offlineAfterMinutes * 60_000;
  const minGapMs = 3600_000 / config.maxPerUserPerHour;
  const creditField = `credits.${template.templateId}`;

  let cursor = (await findById<{ progress?: { cursor?: string } }>(db, 'jobs', CURSOR_ID))?.progress?.cursor ?? '';
  for (;;) {
    if (clock() >= deadline || report.pages >= (options.maxPages ?? Infinity)) {
      await saveCursor(db, cursor);
      report.resumeAt = cursor;
      return report;
    }
    const ledgers = rows<SubscriptionDoc>(
      await db
        .collection('subscriptions')
        .where({ [creditField]: _.gt(0), ...(cursor ? { _id: _.gt(cursor) } : {}) })
        .orderBy('_id', 'asc')
        .limit(LEDGER_PAGE)
        .get(),
    );
    report.pages++;
    if (ledgers.length) await notifyPage(ledgers);
    if (ledgers.length < LEDGER_PAGE) break;
    cursor = ledgers[ledgers.length - 1]._id;
  }
  // A full round: the next run starts from the first ledger again.
  if (cursor) await saveCursor(db, '');
  return report;

  async function notifyPage(ledgers: SubscriptionDoc[]): Promise<void> {
    const openids = ledgers.map((l) => l._id);
    const memberships: MemberRow[] = [];
    // Members of the page in the changed conversations: at most LEDGER_PAGE x CONVERSATION_BATCH, read in keyset pages of 1,000.
    for (let after = ''; ;) {
      const page = rows<MemberRow & { conversationId: string }>(
        await db
          .collection('members')
          .where({ openid: _.in(openids), conversationId: _.in(conversationIds), ...(after ? { _id: _.gt(after) } : {}) })
          .orderBy('_id', 'asc')
          .limit(MEMBER_PAGE)
          .field({ openid: true, conversationId: true, lastReadSeq: true, lastNotifiedSeq: true, notify: true, muted: true })
          .get(),
      );
      memberships.push(...page);
      if (page.length < MEMBER_PAGE) break;
      after = page[page.length - 1]._id;
    }
    const perUser = new Map<string, NewsItem[]>();
    for (const m of memberships as Array<MemberRow & { conversationId: string }>) {
      const conversation = byConversation.get(m.conversationId);
      if (!conversation) continue;
      const item = newsFor(m, conversation, await recentOf(db, conversation, recentCache));
      if (item) perUser.set(m.openid, [...(perUser.get(m.openid) ?? []), item]);
    }
    if (!perUser.size) return;
    const people = await byIds<{ _id: string; nickname?: string; lastActiveAt?: Date; language?: string }>(
      db,
      'users',
      [...new Set([...perUser.keys(), ...[...perUser.values()].flat().map((i) => i.lastSender)])],
      { nickname: true, lastActiveAt: true, language: true },
    );
    const ledgerOf = new Map(ledgers.map((l) => [l._id, l]));
    const notSince = new Date(now - minGapMs);
    const candidates: string[] = [];
    for (const openid of perUser.keys()) {
      const user = people.get(openid);
      const ledger = ledgerOf.get(openid)!;
      if (!user) skip('no_user');
      else if (user.lastActiveAt && new Date(user.lastActiveAt).getTime() > offlineBefore) skip('in_app');
      else if (ledger.enabled === false) skip('disabled');
      else if (inQuietHours(ledger.quietHours, now)) skip('quiet_hours');
      else if (ledger.lastSentAt && new Date(ledger.lastSentAt).getTime() >= notSince.getTime()) skip('too_soon');
      else candidates.push(openid);
    }
    // One update claims the page and takes its credits; whoever it missed was claimed by a
    // concurrent run (or spent their credit) since the page was read.
    const taken = await takeCredits(db, candidates, template!.templateId, new Date(now), notSince);
    for (const openid of candidates) if (!taken.has(openid)) skip('too_soon');

    const told: string[] = [];
    const claimed = candidates.filter((openid) => taken.has(openid));
    // A few sends in flight at once: each is a round trip to WeChat, independent of the others.
    for (let i = 0; i < claimed.length; i += SEND_CONCURRENCY) {
      await Promise.all(
        claimed.slice(i, i + SEND_CONCURRENCY).map(async (openid) => {
          const items = perUser.get(openid)!;
          // in the recipient's language (users.language, chosen in 我 → 语言)
          const lang = languageOf(people.get(openid)?.language, 'zh');
          for (const item of items) item.lastSender = people.get(item.lastSender)?.nickname ?? format(lang, 'push_someone');
          items.sort(byPriority);
          const values = compose(items, config, now, ledgerOf.get(openid)!.quietHours?.utcOffsetMinutes ?? 480, lang);
          const data: Record<string, { value: string }> = {};
          for (const [keyword, text] of Object.entries(template!.data)) data[keyword] = { value: fill(text, values) };
          const page = `${template!.page ?? 'pages/conversations/conversations'}?open=${encodeURIComponent(items[0].conversationId)}`;
          const outcome: SendOutcome = await sendTaken(db, platform, { touser: openid, templateId: template!.templateId, page, data });
          if (outcome === 'sent') told.push(openid);
          else skip(outcome);
        }),
      );
    }
    report.sent += told.length;
    // What each person was told, one update per changed conversation (not per person); only
    // forward: a concurrent run (or the member reading) may already have moved past.
    const toldIn = new Map<string, string[]>();
    for (const openid of told) for (const item of perUser.get(openid)!) toldIn.set(item.conversationId, [...(toldIn.get(item.conversationId) ?? []), openid]);
    for (const [conversationId, openids] of toldIn) {
      const toSeq = byConversation.get(conversationId)!.seq;
      await db
        .collection('members')
        .where({ _id: _.in(openids.map((o) => memberId(conversationId, o))), lastNotifiedSeq: _.or(_.exists(false), _.lt(toSeq)) })
        .update({ data: { lastNotifiedSeq: toSeq } });
    }
  }
}
