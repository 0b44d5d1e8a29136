// Notice -> one row of the notification centre, decided in plain code (unit-tested).
import type { Notice } from '../../services/notifications';
import type { MyReport } from '../../services/safety';
import type { MessageKey } from '../../../domain/i18n/index';
import { isMessageKey } from '../../../domain/i18n/index';
import { tr } from '../../stores/locale';
import { reasonText } from '../../utils/reasons';
import { toMillis } from '../../stores/conversations';
import { listTimeLabel } from '../../utils/chat-time';

export interface NoticeRow {
  id: string;
  kind: Notice['kind'];
  /** What happened, in the person's words. */
  heading: string;
  /** The detail: the outcome, the message concerned. */
  text: string;
  time: string;
  unread: boolean;
  conversationId: string;
}

const HEADINGS: Record<Notice['kind'], MessageKey> = {
  report_resolved: 'notice_reportResolved',
  message_blocked: 'notice_messageBlocked',
  message_released: 'notice_messageReleased',
};

/** A report's outcome in the reader's words ('' for a resolution this build does not know). */
function outcomeText(resolution: string | undefined): string {
  const key = `outcome_${resolution ?? ''}`;
  return isMessageKey(key) ? tr(key) : '';
}

/**
 * The notice's detail from its codes, in the reader's language. Old documents (English title and
 * body, no code) and codes this build does not know fall back to the stored words.
 */
function detailOf(notice: Notice, report: MyReport | undefined): string {
  const stored = [notice.title, notice.body].filter(Boolean).join(' · ');
  if (notice.kind === 'report_resolved') {
    const outcome = outcomeText(report?.resolution ?? notice.code);
    if (!outcome) return stored;
    if (!report) return outcome;
    const what = report.target.preview ? tr('notice_reportedQuote', { preview: report.target.preview }) : tr(report.target.type === 'user' ? 'notice_reportedUser' : 'notice_reportedMessage');
    return tr('notice_outcome', { what, outcome });
  }
  if (notice.kind === 'message_blocked' && notice.code) return reasonText({ code: notice.code });
  return stored;
}

export function toRow(notice: Notice, report: MyReport | undefined, lastSeen: number, now: number): NoticeRow {
  const at = toMillis(notice.createdAt);
  const text = detailOf(notice, report);
  return {
    id: notice._id,
    kind: notice.kind,
    heading: HEADINGS[notice.kind] ? tr(HEADINGS[notice.kind]) : notice.title,
    text,
    time: listTimeLabel(at, now),
    unread: at > lastSeen,
    conversationId: notice.conversationId ?? '',
  };
}

/** The newest notice time the person has seen, per user on this device. */
export const seenKey = (openid: string) => `noticesSeen:${openid}`;
