// Our side of the subscribe-message consent ledger (database/subscriptions.json). WeChat keeps the
// real count; ours exists so the notify timer never even tries a send without consent, and spends
// exactly one credit per send: the credit is taken (conditional decrement) before the call, given
// back when WeChat refused for another reason, and zeroed when WeChat answers 43101 (no consent
// left: our count was wrong, e.g. the user revoked it in WeChat's settings).
import type { Database } from '../database';
import { findById } from '../database';
import { insertIfAbsent } from '../users';
import { wxErrCode, type Platform } from './platform';

export type ConsentResult = 'accept' | 'reject' | 'ban' | 'filter';

export interface SubscriptionDoc {
  _id: string;
  credits: Record<string, number>;
  enabled?: boolean;
  quietHours?: { start: string; end: string; utcOffsetMinutes: number };
  lastSentAt?: Date;
  claim?: string;
}

async function ensureLedger(db: Database, openid: string): Promise<void> {
  if (await findById(db, 'subscriptions', openid)) return;
  await insertIfAbsent(db, 'subscriptions', { _id: openid, credits: {}, updatedAt: db.serverDate() });
}

/**
 * What wx.requestSubscribeMessage resolved: one credit per accepted template. Templates the app does
 * not use are ignored, so a client cannot fill the ledger with arbitrary keys.
 */
export async function recordConsents(db: Database, openid: string, results: Record<string, ConsentResult>, known: string[]): Promise<Record<string, number>> {
  await ensureLedger(db, openid);
  const accepted = Object.entries(results)
    .filter(([id, r]) => r === 'accept' && known.includes(id))
    .map(([id]) => id);
  if (accepted.length) {
    const data: Record<string, unknown> = { updatedAt: db.serverDate() };
    for (const id of accepted) data[`credits.${id}`] = db.command.inc(1);
    await db.collection('subscriptions').doc(openid).update({ data });
  }
  return (await findById<SubscriptionDoc>(db, 'subscriptions', openid))?.credits ?? {};
}

/** Takes one credit if there is one; false means: do not send. */
export async function takeCredit(db: Database, openid: string, templateId: string): Promise<boolean> {
  const _ = db.command;
  const { stats } = (await db
    .collection('subscriptions')
    .where({ _id: openid, [`credits.${templateId}`]: _.gt(0) })
    .update({ data: { [`credits.${templateId}`]: _.inc(-1) } })) as { stats: { updated: number } };
  return stats.updated === 1;
}

export type SendOutcome = 'sent' | 'no_consent' | 'refused' | 'failed';

/**
 * The notify timer's claim for one page of people, in one update instead of one per person: takes
 * one credit from each of `openids` who still has one and was not sent to since `notSince`, and
 * stamps lastSentAt (so a concurrent run leaves them alone) with this call's token. MongoDB (and the
 * local cloud) applies a multi-document update document by document, each atomically with its
 * condition, so two runs never take the same credit; the read-back by token says which documents
 * this call changed. `openids` is one ledger page (at most 100, far under `_.in`'s limits).
 */
export async function takeCredits(db: Database, openids: string[], templateId: string, now: Date, notSince: Date): Promise<Set<string>> {
  if (!openids.length) return new Set();
  const _ = db.command;
  const claim = `${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
  await db
    .collection('subscriptions')
    .where({ _id: _.in(openids), [`credits.${templateId}`]: _.gt(0), lastSentAt: _.or(_.exists(false), _.lt(notSince)) })
    .update({ data: { [`credits.${templateId}`]: _.inc(-1), lastSentAt: now, claim } });
  const taken = (await db
    .collection('subscriptions')
    .where({ _id: _.in(openids), claim })
    .field({ _id: true })
    .limit(openids.length)
    .get()) as { data: Array<{ _id: string }> };
  return new Set(taken.data.map((d) => d._id));
}

type Message = { touser: string; templateId: string; page?: string; data: Record<string, { value: string }> };

/**
 * Sends a message whose credit is already taken. 43101 zeroes the template's credits; any other
 * error returns the credit (WeChat did not use the consent).
 */
export async function sendTaken(db: Database, platform: Platform, message: Message): Promise<SendOutcome> {
  try {
    await platform.openapi.subscribeMessage.send({ ...message, miniprogramState: 'formal', lang: 'zh_CN' });
    return 'sent';
  } catch (err) {
    const code = wxErrCode(err);
    if (code === 43101) {
      await db
        .collection('subscriptions')
        .doc(message.touser)
        .update({ data: { [`credits.${message.templateId}`]: 0 } });
      return 'refused';
    }
    await db
      .collection('subscriptions')
      .doc(message.touser)
      .update({ data: { [`credits.${message.templateId}`]: db.command.inc(1) } });
    console.error('subscribeMessage.send failed', code ?? err);
    return 'failed';
  }
}

/** One subscribe message, never without a credit (takeCredit, then sendTaken). */
export async function sendWithCredit(db: Database, platform: Platform, message: Message): Promise<SendOutcome> {
  if (!(await takeCredit(db, message.touser, message.templateId))) return 'no_consent';
  const outcome = await sendTaken(db, platform, message);
  if (outcome === 'sent') {
    await db
      .collection('subscriptions')
      .doc(message.touser)
      .update({ data: { lastSentAt: db.serverDate() } });
  }
  return outcome;
}
