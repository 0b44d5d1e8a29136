// Request contracts of the messaging functions, imported by the functions (validation) and by
// the mini program's services (types of what they send).
import { contract } from '../function';
import type { ReasonCode, StoredStatus } from '../messages';

// Responses: what the functions answer inside `{ok: true, data}`, shared by both sides.

export interface Profile {
  _id: string;
  nickname: string;
  avatarUrl: string;
  bio?: string;
  status?: string;
  interests?: string[];
  language?: 'system' | 'zh-CN' | 'en';
}

export interface DeliveryOutcome {
  messageId: string;
  status: StoredStatus;
  seq?: number;
  /** English, for logs and the console. */
  reason?: string;
  /** Blocked or held: why, as a code the phone maps to words. */
  code?: ReasonCode;
  details?: Record<string, unknown>;
}

export interface ReceiptState {
  conversationId: string;
  lastDeliveredSeq: number;
  lastReadSeq: number;
}

export interface Reader {
  openid: string;
  nickname: string;
  avatarUrl: string;
}

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const seq = { type: 'integer', minimum: 0 } as const;

/** First launch: create (or return) the caller's user document. */
export const login = contract('login', {
  type: 'object',
  properties: {},
  additionalProperties: false,
} as const);

export const updateProfile = contract('updateProfile', {
  type: 'object',
  minProperties: 1,
  properties: {
    nickname: { type: 'string', minLength: 1, maxLength: 32 },
    avatarUrl: { type: 'string', minLength: 1, maxLength: 1024 },
    bio: { type: 'string', maxLength: 200 },
    status: { type: 'string', maxLength: 60 },
    interests: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 20 } },
    /** 我 → 语言: 'system' follows the phone; the server renders notices and push texts in it. */
    language: { type: 'string', enum: ['system', 'zh-CN', 'en'] },
  },
  additionalProperties: false,
} as const);

/** Publish a message the client wrote as pending. Idempotent: a second call changes nothing. */
export const deliver = contract('deliver', {
  type: 'object',
  required: ['messageId'],
  properties: { messageId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } },
  additionalProperties: false,
} as const);

/** Receipts, batched: "delivered/read up to seq" per conversation. Seqs only move forward. */
export const receipts = contract('receipts', {
  type: 'object',
  required: ['updates'],
  properties: {
    updates: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['conversationId'],
        minProperties: 2,
        properties: { conversationId: id, deliveredSeq: seq, readSeq: seq },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const);

/** Who has read a message ("read by k" in groups): members whose lastReadSeq >= seq. */
export const readers = contract('readers', {
  type: 'object',
  required: ['conversationId', 'seq'],
  properties: { conversationId: id, seq: { type: 'integer', minimum: 1 }, cursor: { type: 'string', minLength: 1, maxLength: 300 } },
  additionalProperties: false,
} as const);

/**
 * Temp URLs for conversation files (photos, voice...): storage rules cannot tell members apart
 * (domain/media.ts, docs/SECURITY.md), so members read a conversation's files through this.
 */
export const media = contract('media', {
  type: 'object',
  required: ['fileIds'],
  properties: { fileIds: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 1024 } } },
  additionalProperties: false,
} as const);

/** One answer of `media`: a temp URL, or NOT_FOUND for a file the caller may not read (or that is gone: the two look alike). */
export interface MediaUrl {
  fileId: string;
  tempFileURL?: string;
  /** Seconds the URL stays valid from the answer. */
  maxAge?: number;
  code?: 'NOT_FOUND';
}

/** Conversations: open a direct chat, per-member preferences, delete from my list. Groups are created and joined through `groups`. */
export const conversations = contract('conversations', {
  oneOf: [
    {
      type: 'object',
      required: ['action', 'peerId'],
      properties: { action: { const: 'openDirect' }, peerId: id },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['action', 'conversationId'],
      minProperties: 3,
      properties: {
        action: { const: 'setPreferences' },
        conversationId: id,
        pinned: { type: 'boolean' },
        muted: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    {
      // 删除: takes the conversation off my list (not out of the group); a new message brings it back
      type: 'object',
      required: ['action', 'conversationId'],
      properties: { action: { const: 'hide' }, conversationId: id },
      additionalProperties: false,
    },
  ],
} as const);

/** Timer-triggered; takes no input. */
export const sweep = contract('sweep', {
  type: 'object',
  properties: { Type: { type: 'string' }, TriggerName: { type: 'string' }, Time: { type: 'string' }, Message: { type: 'string' } },
  additionalProperties: false,
} as const);
