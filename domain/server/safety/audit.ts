// The audit log: every moderation and admin action leaves one entry in audit_logs, in the shape the
// groups function writes (database/audit_logs.json: conversationId, actorId, action, targetId,
// details), so a group's owners and admins also see the moderation done in their group.
// App-wide actions (global bans, account deletion) use conversationId GLOBAL_SCOPE, which no group's
// member rule matches: only the console reads them. A failed log write is reported and the action
// stands, because refusing a ban for want of a log line would be worse.
import { newClientId } from '../../ids';
import type { Database } from '../database';

export const GLOBAL_SCOPE = 'global';

export type AuditTargetType = 'message' | 'user' | 'report' | 'conversation' | 'member';

export interface AuditEntry {
  action: string;
  /** openid, or `system:<function>` for automatic decisions. */
  actorId: string;
  targetType?: AuditTargetType;
  targetId?: string;
  conversationId?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export async function audit(db: Database, entry: AuditEntry): Promise<void> {
  try {
    const details: Record<string, unknown> = { ...(entry.details ?? {}) };
    if (entry.targetType) details.targetType = entry.targetType;
    if (entry.reason) details.reason = entry.reason.slice(0, 500);
    const data: Record<string, unknown> = { conversationId: entry.conversationId ?? GLOBAL_SCOPE, actorId: entry.actorId, action: entry.action, at: db.serverDate() };
    if (entry.targetId) data.targetId = entry.targetId;
    if (Object.keys(details).length) data.details = details;
    await db.collection('audit_logs').doc(`al_${newClientId()}`).set({ data });
  } catch (err) {
    console.error('audit log write failed', entry.action, err);
  }
}

export const SYSTEM = {
  deliver: 'system:deliver',
  mediaCheck: 'system:mediaCheck',
  safety: 'system:safety',
  retention: 'system:retention',
} as const;
