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
 * One subscribe message, never without a credit. 43101 zeroes the template's credits; any other
 * error returns the credit (WeChat did not use the consent).
 */
export async function sendWithCredit(db: Database, platform: Platform, message: { touser: string; templateId: string; page?: string; data: Record<string, { value: string }> }): Promise<SendOutcome> {
  if (!(await takeCredit(db, message.touser, message.templateId))) return 'no_consent';
  try {
    await platform.openapi.subscribeMessage.send({ ...message, miniprogramState: 'formal', lang: 'zh_CN' });
    await db
      .collection('subscriptions')
      .doc(message.touser)
      .update({ data: { lastSentAt: db.serverDate() } });
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
