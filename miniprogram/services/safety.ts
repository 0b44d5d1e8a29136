// The one client of the `report` and `account` functions: reporting a message or a person, and the
// person's own data (export, deletion). Requests are typed from the shared contracts (types only:
// the contracts module itself pulls ajv); answers are the functions' JSON. Errors arrive as
// ServiceError with the function's stable code; pages show `err.userMessage`.
import type { RequestOf } from '../../domain/function';
import type { account, report } from '../../domain/contracts/safety';
import type { CloudService } from './cloud';

type ReportRequest = RequestOf<typeof report>;
type AccountRequest = RequestOf<typeof account>;
export type ReportReason = Extract<ReportRequest, { action: 'reportMessage' }>['reason'];
export type MessageChoice = Extract<AccountRequest, { action: 'delete' }>['messages'];

/** The reasons a person picks from, in the order shown (words: `reportReason_<id>` in the catalogue). */
export const REPORT_REASONS: readonly ReportReason[] = ['spam', 'abuse', 'sexual', 'violence', 'fraud', 'illegal', 'other'];

export const NOTE_MAX = 500;

/** Reporting twice finds the first report (`created: false`): the page says so instead of failing. */
export interface ReportReceipt {
  reportId: string;
  created: boolean;
}

export interface ExportResult {
  fileID: string;
  /** A temporary download link (valid for a limited time, as CloudBase signs it). */
  tempFileURL: string;
  counts: { memberships: number; messages: number; reports: number; notifications: number };
}

export interface DeletionResult {
  messages: { choice: MessageChoice; count: number };
  memberships: number;
  filesDeleted: number;
}

/** What the reporter may read of their own report (the rule admits only reports they filed). */
export interface MyReport {
  _id: string;
  target: { type: 'message' | 'user'; preview?: string };
  reason: string;
  status: 'open' | 'resolved';
  resolution?: 'dismiss' | 'approve' | 'hide_message' | 'mute' | 'ban';
}

export type ReportTarget = { type: 'message'; messageId: string } | { type: 'user'; userId: string; conversationId?: string };

export class SafetyService {
  constructor(private readonly cloud: CloudService) {}

  report(target: ReportTarget, reason: ReportReason, note = ''): Promise<ReportReceipt> {
    const extra = note.trim() ? { note: note.trim().slice(0, NOTE_MAX) } : {};
    const request: ReportRequest =
      target.type === 'message'
        ? { action: 'reportMessage', messageId: target.messageId, reason, ...extra }
        : { action: 'reportUser', userId: target.userId, reason, ...(target.conversationId ? { conversationId: target.conversationId } : {}), ...extra };
    return this.cloud.call<ReportReceipt>('report', request);
  }

  /** The caller's own reports among `ids` (for the notification centre's outcome lines). */
  myReports(ids: string[]): Promise<MyReport[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.cloud.query<MyReport>('reports', { reporterId: '{openid}', _id: this.cloud.command.in(ids) }, { limit: ids.length });
  }

  exportData(): Promise<ExportResult> {
    return this.cloud.call<ExportResult>('account', { action: 'export' } satisfies AccountRequest);
  }

  /** Call only after the person confirmed on the page; `confirm: 'DELETE'` is the function's own guard. */
  deleteAccount(messages: MessageChoice): Promise<DeletionResult> {
    return this.cloud.call<DeletionResult>('account', { action: 'delete', messages, confirm: 'DELETE' } as AccountRequest);
  }
}
