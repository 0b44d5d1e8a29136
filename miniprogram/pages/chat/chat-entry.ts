// The chat page's input: one message as the window needs it, whatever produced it (the room's
// watch, the outbox's local echo). The page's engine adapter (chat-source.ts) builds these.
import type { MessageContent, MessageType } from '../../../domain/messages';

/**
 * Own messages: the outbox's lifecycle, plus 'read' once the peer (direct chats) has read it.
 * Others' messages: 'received'.
 */
export type EntryState = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'held' | 'blocked' | 'failed' | 'received';

export interface ChatEntry {
  id: string;
  /** 0 until the server stamps it. */
  seq: number;
  /** Own unsent messages: the room's newest seq when composed (where the row stays until it has a seq). */
  afterSeq?: number;
  senderId: string;
  type: MessageType;
  content?: MessageContent;
  replyTo?: string;
  state: EntryState;
  /** Blocked/held/failed: why, for a person. */
  reason?: string;
  /** Server time when known, else the sender's clock (display only, never order). */
  time: number;
  /** Groups, own messages: how many other members have read it. */
  readCount?: number;
}

export interface ChatPeople {
  me: string;
  isGroup: boolean;
  nameOf(openid: string): string;
  avatarOf(openid: string): string;
}
