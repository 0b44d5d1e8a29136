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
import { rows } from '../database';
import { fill, notifyConfig, type NotifyConfig } from './config';
import { sendWithCredit, type SendOutcome, type SubscriptionDoc } from './consent';
import type { Platform } from './platform';

/** Conversations active within this window are looked at; older news is not worth a push. */
const LOOKBACK_MS = 24 * 3600_000;
const CONVERSATION_BATCH = 200;
const MEMBER_PAGE = 1000;
const MESSAGE_WINDOW = 200;

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
  const local = Math.floor(((now / 60_000 + quiet.utcOffsetMinutes) % 1440 + 1440) % 1440);
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
export function compose(items: NewsItem[], config: NotifyConfig, now: number, utcOffsetMinutes: number): Record<string, string> {
  const top = items[0];
  const total = items.reduce((n, i) => n + i.count, 0);
  const w = config.wording;
  let summary: string;
  if (items.length > 1) summary = fill(w.manyChats, { count: total, chats: items.length });
  else if (top.mentions > 0) summary = fill(w.mention, { sender: top.lastSender });
  else if (top.kind === 'direct') summary = fill(w.direct, { count: top.count, sender: top.lastSender });
  else summary = top.count === 1 ? w.oneMessage : fill(w.groupSummary, { count: top.count });
  const local = new Date(now + utcOffsetMinutes * 60_000).toISOString();
  // A direct chat has no name: its title is the other person.
  const title = (top.kind === 'direct' ? top.lastSender : top.name) || 'Community Chat';
  return { title: clip(title, 20), summary: clip(summary, 20), time: `${local.slice(0, 10)} ${local.slice(11, 16)}`, count: String(total) };
}

async function membersWithNews(db: Database, conversation: ConversationRow): Promise<MemberRow[]> {
  const out: MemberRow[] = [];
  for (let skip = 0; ; skip += MEMBER_PAGE) {
    const page = rows<MemberRow>(await db.collection('members').where({ conversationId: conversation._id }).skip(skip).limit(MEMBER_PAGE).field({ openid: true, lastReadSeq: true, lastNotifiedSeq: true, notify: true, muted: true }).get());
    for (const m of page) if (Math.max(m.lastReadSeq, m.lastNotifiedSeq ?? 0) < conversation.seq && m.notify !== 'none' && !m.muted) out.push(m);
    if (page.length < MEMBER_PAGE) return out;
  }
}

/** The conversation's news for each member who has some (one read of its newest messages). */
async function newsOf(db: Database, conversation: ConversationRow): Promise<Map<string, NewsItem>> {
  const news = new Map<string, NewsItem>();
  const members = await membersWithNews(db, conversation);
  if (!members.length) return news;
  const from = Math.min(...members.map((m) => Math.max(m.lastReadSeq, m.lastNotifiedSeq ?? 0)));
  const _ = db.command;
  const recent = rows<{ seq: number; _openid: string; mentions?: string[]; status: string }>(
    await db.collection('messages').where({ conversationId: conversation._id, seq: _.gt(Math.max(from, conversation.seq - MESSAGE_WINDOW)) }).orderBy('seq', 'desc').limit(MESSAGE_WINDOW).field({ seq: true, _openid: true, mentions: true, status: true }).get(),
  );
  for (const m of members) {
    const seen = Math.max(m.lastReadSeq, m.lastNotifiedSeq ?? 0);
    // Seqs stay on messages removed since: count what the member would find in the room.
    const fresh = recent.filter((r) => r.seq > seen && r._openid !== m.openid && r.status === 'visible');
    const mentions = fresh.filter((r) => r.mentions?.includes(m.openid)).length;
    const count = fresh.length;
    if (count === 0 || (m.notify === 'mentions' && mentions === 0)) continue;
    news.set(m.openid, { conversationId: conversation._id, kind: conversation.type, name: conversation.name ?? '', toSeq: conversation.seq, count: m.notify === 'mentions' ? mentions : count, mentions, lastSender: fresh[0]._openid });
  }
  return news;
}

async function byIds<T extends { _id: string }>(db: Database, collection: string, ids: string[], field?: Record<string, boolean>): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (let i = 0; i < ids.length; i += 100) {
    let query = db.collection(collection).where({ _id: db.command.in(ids.slice(i, i + 100)) }).limit(100);
    if (field) query = query.field(field);
    for (const row of rows<T>(await query.get())) out.set(row._id, row);
  }
  return out;
}

export async function runNotify(db: Database, platform: Platform, now = Date.now()): Promise<NotifyReport> {
  const report: NotifyReport = { sent: 0, skipped: {} };
  const skip = (why: string) => void (report.skipped[why] = (report.skipped[why] ?? 0) + 1);
  const config = await notifyConfig(db);
  const template = config.templates.messages;
  if (!template) return report;
  const _ = db.command;

  const conversations = rows<ConversationRow>(
    await db.collection('conversations').where({ updatedAt: _.gt(new Date(now - LOOKBACK_MS)), seq: _.gt(0) }).orderBy('updatedAt', 'desc').limit(CONVERSATION_BATCH).field({ type: true, name: true, seq: true, lastMessage: true, dissolvedAt: true }).get(),
  );
  const perUser = new Map<string, NewsItem[]>();
  for (const conversation of conversations) {
    for (const [openid, item] of await newsOf(db, conversation)) perUser.set(openid, [...(perUser.get(openid) ?? []), item]);
  }
  if (!perUser.size) return report;

  const openids = [...perUser.keys()];
  const people = await byIds<{ _id: string; nickname?: string; lastActiveAt?: Date }>(db, 'users', [...new Set([...openids, ...[...perUser.values()].flat().map((i) => i.lastSender)])], { nickname: true, lastActiveAt: true });
  const ledgers = await byIds<SubscriptionDoc>(db, 'subscriptions', openids);
  const offlineBefore = now - config.offlineAfterMinutes * 60_000;
  const minGapMs = 3600_000 / config.maxPerUserPerHour;

  for (const [openid, items] of perUser) {
    const user = people.get(openid);
    const ledger = ledgers.get(openid);
    if (!user) { skip('no_user'); continue; }
    if (user.lastActiveAt && new Date(user.lastActiveAt).getTime() > offlineBefore) { skip('in_app'); continue; }
    if (!ledger || !((ledger.credits ?? {})[template.templateId] > 0)) { skip('no_consent'); continue; }
    if (ledger.enabled === false) { skip('disabled'); continue; }
    if (inQuietHours(ledger.quietHours, now)) { skip('quiet_hours'); continue; }
    // Claim the user for this run: a concurrent run finds lastSentAt fresh and leaves them alone.
    const claim = (await db.collection('subscriptions').where({ _id: openid, lastSentAt: _.or(_.exists(false), _.lt(new Date(now - minGapMs))) }).update({ data: { lastSentAt: new Date(now) } })) as { stats: { updated: number } };
    if (claim.stats.updated !== 1) { skip('too_soon'); continue; }

    for (const item of items) item.lastSender = people.get(item.lastSender)?.nickname ?? 'Someone';
    items.sort(byPriority);
    const values = compose(items, config, now, ledger.quietHours?.utcOffsetMinutes ?? 480);
    const data: Record<string, { value: string }> = {};
    for (const [keyword, text] of Object.entries(template.data)) data[keyword] = { value: fill(text, values) };
    const page = `${template.page ?? 'pages/conversations/conversations'}?open=${encodeURIComponent(items[0].conversationId)}`;
    const outcome: SendOutcome = await sendWithCredit(db, platform, { touser: openid, templateId: template.templateId, page, data });
    if (outcome !== 'sent') { skip(outcome); continue; }
    report.sent++;
    // Only forward: a concurrent run (or the member reading) may already have moved past.
    for (const item of items) {
      await db.collection('members').where({ _id: memberId(item.conversationId, openid), lastNotifiedSeq: _.or(_.exists(false), _.lt(item.toSeq)) }).update({ data: { lastNotifiedSeq: item.toSeq } });
    }
  }
  return report;
}
