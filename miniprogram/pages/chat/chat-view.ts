// TimelineMessage -> ChatMessageView: everything a row shows is decided here, in plain code, so
// the component stays a template and the rules (ticks, notes, notices, separators) are unit-tested.
import { systemLine, type NameOf } from '../../../domain/i18n/system';
import { locale, tr } from '../../stores/locale';
import { needsSeparator, separatorLabel } from '../../utils/chat-time';
import { errorText, reasonText } from '../../utils/reasons';
import type { ChatMessageView, ChatReplyView } from '../../components/chat-message/chat-message-view';
import type { TimelineMessage } from '../../stores/timeline';
import { mediaLine } from '../../utils/previews';

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
  if (m.status === 'recalled') return tr(m.mine ? 'chat_recalledMine' : 'chat_recalledOther');
  if (m.status === 'blocked' && !m.mine) return tr('chat_removedByAdmin');
  return '';
}

function noteOf(m: TimelineMessage): string {
  // "under review" / "blocked: <reason>" / "failed", in the reader's words (utils/reasons.ts)
  if (m.status === 'held') return tr('chat_held');
  if (m.status === 'blocked') return tr('chat_blocked', { reason: reasonText(m.reason) });
  if (m.status === 'failed') return m.reason ? tr('chat_failedWhy', { reason: errorText(m.reason.code) }) : tr('chat_failed');
  return '';
}

/**
 * A message's words: text as written; a system line from its event code in the reader's language
 * with today's names (the stored zh-CN line when the event is unknown to this build, or for old
 * documents without `system`); media as a bracketed word with the file's or place's name.
 */
export function textOf(m: Pick<TimelineMessage, 'type' | 'content' | 'system'>, nameOf?: NameOf): string {
  if (m.type === 'text') return m.content?.text ?? '';
  if (m.type === 'system') return (m.system && nameOf && systemLine(locale.lang, m.system, nameOf)) || (m.content?.text ?? '');
  return mediaLine(m.type, m.type === 'file' ? m.content?.name : m.content?.address);
}

export function replyView(m: TimelineMessage | undefined, people: ChatPeople): ChatReplyView | null {
  if (!m) return null;
  return { name: people.nameOf(m.senderId), text: noticeOf(m) || textOf(m, people.nameOf) };
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
    text: notice || textOf(m, people.nameOf),
    timeLabel: needsSeparator(previous?.time, m.time) ? separatorLabel(m.time, ctx.now) : '',
    state: m.status,
    readLabel: showReaders ? tr('chat_readCount', { n: m.readCount ?? 0 }) : '',
    note: own && !notice ? noteOf(m) : '',
    reply: m.replyTo && !notice ? (replyView(ctx.lookup(m.replyTo), people) ?? { name: '', text: tr('chat_replyMissing') }) : null,
    hidden: ctx.hidden.has(m.id),
  };
}
