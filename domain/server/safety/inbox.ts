// In-app notices (database/notifications.json): the notification centre's list, always written,
// whether or not a subscribe message can also be sent.
import { newClientId } from '../../ids';
import type { Database } from '../database';
import type { Notice } from '../../contracts/safety';

export type { Notice };

export async function tellUser(db: Database, userId: string, notice: Notice): Promise<void> {
  const data: Record<string, unknown> = { userId, createdAt: db.serverDate() };
  for (const [key, value] of Object.entries(notice)) if (value !== undefined) data[key] = typeof value === 'string' ? value.slice(0, key === 'title' ? 60 : 300) : value;
  await db.collection('notifications').doc(`nt_${newClientId()}`).set({ data });
}
