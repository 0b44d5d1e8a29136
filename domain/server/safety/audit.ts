// The audit log: every moderation and admin action leaves one entry (database/audit_logs.json).
// Writing the entry never decides whether the action happens: a failed log write is reported and
// the action stands, because refusing a ban for want of a log line would be worse.
import type { Database } from '../database';

export type AuditTargetType = 'message' | 'user' | 'report' | 'conversation' | 'member' | 'word';

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
    const data: Record<string, unknown> = { at: db.serverDate() };
    for (const [key, value] of Object.entries(entry)) if (value !== undefined) data[key] = key === 'reason' ? String(value).slice(0, 500) : value;
    await db.collection('audit_logs').add({ data });
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
