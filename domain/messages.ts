// Message vocabulary shared by the mini program and the functions.

export type MessageType = 'text' | 'image' | 'voice' | 'video' | 'file' | 'location' | 'system';

/** Stored lifecycle (messages.status). The client maps it once into its timeline's MessageStatus. */
export type StoredStatus = 'pending' | 'visible' | 'held' | 'blocked' | 'recalled';

/**
 * Why a message was blocked or held, as a stable code (the deliver outcome's `code`, beside the
 * English `reason` kept for logs and the console). Phones map codes to words in one table
 * (miniprogram/utils/reasons.ts); `details` carries what the words need (an admin's own reason
 * for a word-list hit, the limit that was hit).
 */
export type ReasonCode =
  | 'BANNED'
  | 'MUTED'
  | 'NOT_MEMBER'
  | 'FORBIDDEN'
  | 'CONVERSATION_GONE'
  | 'INVALID_MESSAGE'
  | 'WORD_LIST'
  | 'CONTENT_CHECK'
  | 'SENT_TOO_FAST'
  | 'REPEATED'
  | 'TOO_MANY_LINKS'
  | 'MEDIA_MISSING'
  | 'REMOVED'
  | 'REVIEW_MEDIA'
  | 'REVIEW';

export interface MessageContent {
  text?: string;
  fileId?: string;
  name?: string;
  size?: number;
  width?: number;
  height?: number;
  duration?: number;
  latitude?: number;
  longitude?: number;
  address?: string;
}

/** What a system message (type 'system', written by the groups function) reports. */
export type SystemEventKind =
  'created' | 'joined' | 'left' | 'removed' | 'banned' | 'promoted' | 'demoted' | 'ownerTransferred' | 'edited' | 'settingsChanged' | 'announcement' | 'muteAll' | 'dissolved';

/** The structured part of a system message; `content.text` carries a readable line. */
export interface SystemInfo {
  event: SystemEventKind;
  actorId: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export interface MessageDoc {
  _id: string;
  _openid: string;
  conversationId: string;
  type: MessageType;
  content?: MessageContent;
  replyTo?: string;
  mentions?: string[];
  system?: SystemInfo;
  status: StoredStatus;
  blockReason?: string;
  seq?: number;
  clientTime: number;
  writtenAt: Date;
  createdAt?: Date;
}

const PREVIEW_MAX = 60;

/** The one-line preview shown in the conversation list and in notifications. */
export function previewOf(type: MessageType, content: MessageContent | undefined): string {
  switch (type) {
    case 'text':
    case 'system': {
      const text = (content?.text ?? '').replace(/\s+/g, ' ').trim();
      return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 1)}…` : text;
    }
    case 'image':
      return '[Photo]';
    case 'voice':
      return `[Voice ${Math.round(content?.duration ?? 0)}"]`;
    case 'video':
      return '[Video]';
    case 'file':
      return `[File] ${content?.name ?? ''}`.trim();
    case 'location':
      return `[Location] ${content?.address ?? ''}`.trim();
  }
}

/** Whether a message of this type carries a stored file that media checks must pass. */
export function hasMedia(type: MessageType): boolean {
  return type === 'image' || type === 'voice' || type === 'video' || type === 'file';
}
