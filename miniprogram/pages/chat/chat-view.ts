// ChatEntry -> ChatMessageView: everything the row shows is decided here, in plain code, so the
// component stays a template and the rules (ticks, notes, separators) are unit-tested.
import { previewOf } from '../../../domain/messages';
import { needsSeparator, separatorLabel } from '../../utils/chat-time';
import { reasonText } from '../../utils/block-reasons';
import type { BubbleState, ChatMessageView, ChatReplyView } from '../../components/chat-message/chat-message-view';
import type { ChatEntry, ChatPeople, EntryState } from './chat-entry';

const BUBBLE_STATE: Record<EntryState, BubbleState> = {
  queued: 'sending',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  held: 'held',
  blocked: 'blocked',
  failed: 'failed',
  received: 'received',
};

function noteOf(entry: ChatEntry): string {
  // "under review" / "blocked: <reason>", in the reader's words (utils/block-reasons.ts)
  if (entry.state === 'held') return '审核中，通过后其他人可见';
  if (entry.state === 'blocked') return `已拦截：${reasonText(entry.reason)}`;
  if (entry.state === 'failed') return `发送失败${entry.reason ? `（${entry.reason}）` : ''}，点击重发`;
  return '';
}

export function textOf(entry: Pick<ChatEntry, 'type' | 'content'>): string {
  return entry.type === 'text' || entry.type === 'system' ? entry.content?.text ?? '' : previewOf(entry.type, entry.content);
}

export interface ViewContext {
  people: ChatPeople;
  now: number;
  /** The message a reply quotes, when it is loaded. */
  lookup(id: string): ChatEntry | undefined;
  hidden: ReadonlySet<string>;
}

export function replyView(entry: ChatEntry | undefined, people: ChatPeople): ChatReplyView | null {
  if (!entry) return null;
  return { name: people.nameOf(entry.senderId), text: textOf(entry) };
}

/** One row; `previous` is the message above it in the conversation (for the time separator). */
export function toView(entry: ChatEntry, previous: ChatEntry | undefined, ctx: ViewContext): ChatMessageView {
  const { people } = ctx;
  const own = entry.senderId === people.me;
  const state = own ? BUBBLE_STATE[entry.state] : 'received';
  // groups have no per-device ticks: the count of members who read it says more
  const showReaders = own && people.isGroup && (state === 'sent' || state === 'delivered' || state === 'read') && (entry.readCount ?? 0) > 0;
  return {
    id: entry.id,
    seq: entry.seq,
    own,
    senderId: entry.senderId,
    senderName: people.nameOf(entry.senderId),
    senderAvatar: people.avatarOf(entry.senderId),
    showSender: people.isGroup && !own,
    kind: entry.type === 'system' ? 'system' : entry.type === 'text' ? 'text' : 'media',
    text: textOf(entry),
    timeLabel: needsSeparator(previous?.time, entry.time) ? separatorLabel(entry.time, ctx.now) : '',
    state,
    readLabel: showReaders ? `${entry.readCount}人已读` : '',
    note: own ? noteOf(entry) : '',
    reply: entry.replyTo ? replyView(ctx.lookup(entry.replyTo), people) ?? { name: '', text: '原消息未加载' } : null,
    hidden: ctx.hidden.has(entry.id),
  };
}
