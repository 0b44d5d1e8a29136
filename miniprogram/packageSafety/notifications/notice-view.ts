// Notice -> one row of the notification centre, decided in plain code (unit-tested).
import type { Notice } from '../../services/notifications';
import { RESOLUTION_TEXT, type MyReport } from '../../services/safety';
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

const HEADINGS: Record<Notice['kind'], string> = {
  report_resolved: '举报处理结果',
  message_blocked: '你的消息未通过审核',
  message_released: '你的消息已通过审核',
};

export function toRow(notice: Notice, report: MyReport | undefined, lastSeen: number, now: number): NoticeRow {
  const at = toMillis(notice.createdAt);
  let text = [notice.title, notice.body].filter(Boolean).join(' · ');
  if (notice.kind === 'report_resolved' && report?.resolution) {
    const what = report.target.preview ? `你举报的「${report.target.preview}」` : report.target.type === 'user' ? '你举报的用户' : '你举报的消息';
    text = `${what}：${RESOLUTION_TEXT[report.resolution]}`;
  }
  return {
    id: notice._id,
    kind: notice.kind,
    heading: HEADINGS[notice.kind] ?? notice.title,
    text,
    time: listTimeLabel(at, now),
    unread: at > lastSeen,
    conversationId: notice.conversationId ?? '',
  };
}

/** The newest notice time the person has seen, per user on this device. */
export const seenKey = (openid: string) => `noticesSeen:${openid}`;
