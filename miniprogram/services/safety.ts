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

/** The reasons a person picks from, in the order shown, with the words they read. */
export const REPORT_REASONS: ReadonlyArray<{ id: ReportReason; label: string; hint: string }> = [
  { id: 'spam', label: '垃圾广告', hint: '广告、刷屏、诱导点击' },
  { id: 'abuse', label: '辱骂骚扰', hint: '人身攻击、骚扰、仇恨言论' },
  { id: 'sexual', label: '色情低俗', hint: '色情或低俗内容' },
  { id: 'violence', label: '暴力血腥', hint: '暴力、威胁、自残' },
  { id: 'fraud', label: '诈骗', hint: '虚假兼职、刷单、冒充' },
  { id: 'illegal', label: '违法违规', hint: '违禁品、赌博等' },
  { id: 'other', label: '其他', hint: '请在补充说明里写明' },
];

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

/** The outcome in the reporter's words. */
export const RESOLUTION_TEXT: Record<NonNullable<MyReport['resolution']>, string> = {
  dismiss: '经核实未发现违规',
  approve: '经核实未发现违规',
  hide_message: '该消息已被移除',
  mute: '对方已被禁言，消息已移除',
  ban: '对方已被封禁',
};

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
