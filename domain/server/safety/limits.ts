// Sending limits enforced by the deliver path (the function is the security boundary; the input bar
// only displays the wait): a per-user rate (N messages per window), the group's slow mode (owners,
// admins and global admins exempt), repeated identical texts and link floods. One document per
// sender (rate_windows) updated in a transaction, so concurrent deliveries of one user count
// each other, and a second delivery of the same message is not counted twice.
import { createHash } from 'crypto';
import type { Database, Transaction } from '../database';
import { runTransaction } from '../database';
import type { ModerationConfig } from './config';

export interface SendAttempt {
  messageId: string;
  senderId: string;
  conversationId: string;
  text: string;
  slowModeSeconds: number;
  exemptFromSlowMode: boolean;
  now: number;
}

export type LimitDecision = { ok: true } | { ok: false; kind: 'rate' | 'slow_mode'; retryAfterMs: number; reason: string } | { ok: false; kind: 'repeat' | 'links'; reason: string };

interface RecentSend {
  id: string;
  at: number;
  hash?: string;
  links?: number;
}

interface Window {
  _id: string;
  recent: RecentSend[];
  lastByConversation: Record<string, number>;
}

const LINK = /(https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(com|cn|net|org|io|me|top|xyz|cc)\b/gi;
const MAX_SLOW_MODE_MS = 3600_000;
const MAX_RECENT = 200;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/** Identical after trimming, case and whitespace: "BUY  now" repeats "buy now". */
export function textHash(text: string): string | undefined {
  const normal = text.toLowerCase().replace(/\s+/g, ' ').trim();
  return normal ? createHash('sha1').update(normal).digest('base64').slice(0, 16) : undefined;
}

/** The decision on one attempt given the sender's window; pure, so it is easy to reason about. */
export function decide(window: Window, attempt: SendAttempt, config: ModerationConfig): LimitDecision {
  const { now } = attempt;
  const rateMs = config.rateLimit.windowSeconds * 1000;
  const inRate = window.recent.filter((r) => r.at > now - rateMs);
  if (inRate.length >= config.rateLimit.messages) {
    const oldest = Math.min(...inRate.map((r) => r.at));
    return { ok: false, kind: 'rate', retryAfterMs: Math.max(1, oldest + rateMs - now), reason: `more than ${config.rateLimit.messages} messages in ${config.rateLimit.windowSeconds} s` };
  }
  if (attempt.slowModeSeconds > 0 && !attempt.exemptFromSlowMode) {
    const last = window.lastByConversation[attempt.conversationId] ?? 0;
    const wait = last + attempt.slowModeSeconds * 1000 - now;
    if (wait > 0) return { ok: false, kind: 'slow_mode', retryAfterMs: wait, reason: `slow mode: one message every ${attempt.slowModeSeconds} s` };
  }
  const hash = textHash(attempt.text);
  if (hash) {
    const repeats = window.recent.filter((r) => r.hash === hash && r.at > now - config.repeatWindowSeconds * 1000).length;
    if (repeats >= config.maxRepeats) return { ok: false, kind: 'repeat', reason: 'the same message sent too many times' };
  }
  const links = countLinks(attempt.text);
  if (links > 0) {
    const recentLinks = window.recent.filter((r) => r.at > now - config.linkWindowSeconds * 1000).reduce((sum, r) => sum + (r.links ?? 0), 0);
    if (recentLinks + links > config.maxLinks) return { ok: false, kind: 'links', reason: 'too many links in a short time' };
  }
  return { ok: true };
}

function record(window: Window, attempt: SendAttempt, config: ModerationConfig): Window {
  const keepMs = Math.max(config.rateLimit.windowSeconds, config.repeatWindowSeconds, config.linkWindowSeconds) * 1000;
  const entry: RecentSend = { id: attempt.messageId, at: attempt.now };
  const hash = textHash(attempt.text);
  if (hash) entry.hash = hash;
  const links = countLinks(attempt.text);
  if (links) entry.links = links;
  const recent = [...window.recent.filter((r) => r.at > attempt.now - keepMs), entry].slice(-MAX_RECENT);
  const lastByConversation: Record<string, number> = {};
  for (const [id, at] of Object.entries(window.lastByConversation)) if (at > attempt.now - MAX_SLOW_MODE_MS) lastByConversation[id] = at;
  lastByConversation[attempt.conversationId] = attempt.now;
  return { _id: window._id, recent, lastByConversation };
}

async function readWindow(t: Transaction, id: string): Promise<Window | null> {
  try {
    return ((await t.collection('rate_windows').doc(id).get()).data as Window | null) ?? null;
  } catch (err) {
    // A transaction's get() of a missing document rejects in @cloudbase/database 1.4.3.
    if (/not ?exist|not found|DOCUMENT_NOT_FOUND/i.test(String((err as Error)?.message ?? err))) return null;
    throw err;
  }
}

/**
 * Decides and, when allowed, records the send, atomically. A message already recorded (a second
 * delivery of the same id) is allowed without being counted again.
 */
export async function checkAndRecord(db: Database, attempt: SendAttempt, config: ModerationConfig): Promise<LimitDecision> {
  return runTransaction(db, async (t) => {
    const stored = await readWindow(t, attempt.senderId);
    const window: Window = stored
      ? { _id: attempt.senderId, recent: stored.recent ?? [], lastByConversation: stored.lastByConversation ?? {} }
      : { _id: attempt.senderId, recent: [], lastByConversation: {} };
    if (window.recent.some((r) => r.id === attempt.messageId)) return { ok: true } as const;
    const decision = decide(window, attempt, config);
    if (!decision.ok) return decision;
    const next = record(window, attempt, config);
    await t
      .collection('rate_windows')
      .doc(attempt.senderId)
      .set({ data: { recent: next.recent, lastByConversation: next.lastByConversation, updatedAt: db.serverDate() } });
    return decision;
  });
}
