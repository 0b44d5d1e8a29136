// A user's notification preferences, kept on their subscriptions document beside the consent ledger
// (only its owner reads it; users documents are readable by everyone signed in).
import type { Database } from '../database';
import { findById } from '../database';
import { insertIfAbsent } from '../users';
import type { SubscriptionDoc } from './consent';

export interface NotificationSettings {
  enabled: boolean;
  quietHours: SubscriptionDoc['quietHours'] | null;
  credits: Record<string, number>;
}

export async function notificationSettings(db: Database, openid: string): Promise<NotificationSettings> {
  const doc = await findById<SubscriptionDoc>(db, 'subscriptions', openid);
  return { enabled: doc?.enabled !== false, quietHours: doc?.quietHours ?? null, credits: doc?.credits ?? {} };
}

export async function updateNotificationSettings(db: Database, openid: string, changes: { enabled?: boolean; quietHours?: SubscriptionDoc['quietHours'] | null }): Promise<NotificationSettings> {
  await insertIfAbsent(db, 'subscriptions', { _id: openid, credits: {}, updatedAt: db.serverDate() });
  const data: Record<string, unknown> = { updatedAt: db.serverDate() };
  if (changes.enabled !== undefined) data.enabled = changes.enabled;
  if (changes.quietHours !== undefined) data.quietHours = changes.quietHours === null ? db.command.remove() : db.command.set(changes.quietHours);
  await db.collection('subscriptions').doc(openid).update({ data });
  return notificationSettings(db, openid);
}
