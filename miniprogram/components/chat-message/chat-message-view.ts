// What one row of the chat window shows. The chat page builds these from the room's timeline
// (pages/chat/chat-view.ts); the component only renders them, so a row changes by one setData path.
import type { MessageStatus } from '../../stores/timeline';

export interface ChatReplyView {
  name: string;
  text: string;
}

export interface ChatMessageView {
  /** The message's client id; the row's DOM id is `m${id}` (scroll-into-view). */
  id: string;
  own: boolean;
  senderId: string;
  senderName: string;
  senderAvatar: string;
  /** Name above the bubble: others' messages in groups. */
  showSender: boolean;
  /** 'system' rows are centred notices without a bubble. */
  kind: 'text' | 'media' | 'system';
  text: string;
  /** A time separator above the row ('' = none). */
  timeLabel: string;
  /** The timeline's status: spinner while in flight, ticks once published (own messages). */
  state: MessageStatus;
  /** Groups: "k人已读" under own messages, tap opens the readers page ('' = none). */
  readLabel: string;
  /** Why a message is not visible to others: under review, blocked with its reason, failed. */
  note: string;
  reply: ChatReplyView | null;
  /** Deleted for me: kept in the window (indexes stay stable), rendered as nothing. */
  hidden: boolean;
}

/**
 * The row before the page hands it its item: every field present, so the avatar inside never
 * receives `undefined` (WeChat and glass-easel warn "type-incompatible value" for it).
 */
export const EMPTY_MESSAGE: ChatMessageView = {
  id: '',
  own: false,
  senderId: '',
  senderName: '',
  senderAvatar: '',
  showSender: false,
  kind: 'text',
  text: '',
  timeLabel: '',
  state: 'visible',
  readLabel: '',
  note: '',
  reply: null,
  hidden: false,
};
