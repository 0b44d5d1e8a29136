// TimelineMessage -> ChatMessageView: everything a row shows is decided here, in plain code, so
// the component stays a template and the rules (ticks, notes, notices, separators) are unit-tested.
import { previewOf } from '../../../domain/messages';
import { needsSeparator, separatorLabel } from '../../utils/chat-time';
import { errorText, reasonText } from '../../utils/reasons';
import type { ChatMessageView, ChatReplyView } from '../../components/chat-message/chat-message-view';
import type { TimelineMessage } from '../../stores/timeline';

export interface ChatPeople {
  me: string;
  isGroup: boolean;
  nameOf(openid: string): string;
  avatarOf(openid: string): string;
}

export interface ViewContext {
  people: ChatPeople;
  now: number;
  /** The message a reply quotes, when it is loaded. */
  lookup(id: string): TimelineMessage | undefined;
  hidden: ReadonlySet<string>;
}

/** A recalled message, or someone else's a moderator took down: its words leave the screen. */
function noticeOf(m: TimelineMessage): string {
  if (m.status === 'recalled') return m.mine ? '你撤回了一条消息' : '对方撤回了一条消息';
  if (m.status === 'blocked' && !m.mine) return '一条消息已被管理员移除';
  return '';
}

function noteOf(m: TimelineMessage): string {
  // "under review" / "blocked: <reason>" / "failed", in the reader's words (utils/reasons.ts)
  if (m.status === 'held') return '审核中，通过后其他人可见';
  if (m.status === 'blocked') return `已拦截：${reasonText(m.reason)}`;
  if (m.status === 'failed') return `发送失败${m.reason ? `（${errorText(m.reason.code)}）` : ''}，点击重发`;
  return '';
}

export function textOf(m: Pick<TimelineMessage, 'type' | 'content'>): string {
  return m.type === 'text' || m.type === 'system' ? (m.content?.text ?? '') : previewOf(m.type, m.content);
}

export function replyView(m: TimelineMessage | undefined, people: ChatPeople): ChatReplyView | null {
  if (!m) return null;
  return { name: people.nameOf(m.senderId), text: noticeOf(m) || textOf(m) };
}

/** One row; `previous` is the message above it in the conversation (for the time separator). */
export function toView(m: TimelineMessage, previous: TimelineMessage | undefined, ctx: ViewContext): ChatMessageView {
  const { people } = ctx;
  const own = m.senderId === people.me;
  const notice = noticeOf(m);
  // groups have no per-device ticks: the count of members who read it says more
  const showReaders = own && people.isGroup && m.seq > 0 && m.status !== 'recalled' && (m.readCount ?? 0) > 0;
  return {
    id: m.id,
    own,
    senderId: m.senderId,
    senderName: people.nameOf(m.senderId),
    senderAvatar: people.avatarOf(m.senderId),
    showSender: people.isGroup && !own,
    kind: notice || m.type === 'system' ? 'system' : m.type === 'text' ? 'text' : 'media',
    text: notice || textOf(m),
    timeLabel: needsSeparator(previous?.time, m.time) ? separatorLabel(m.time, ctx.now) : '',
    state: m.status,
    readLabel: showReaders ? `${m.readCount}人已读` : '',
    note: own && !notice ? noteOf(m) : '',
    reply: m.replyTo && !notice ? (replyView(ctx.lookup(m.replyTo), people) ?? { name: '', text: '原消息未加载' }) : null,
    hidden: ctx.hidden.has(m.id),
  };
}
