// Request contracts of the safety functions (report, account, notifications, the mediaCheck
// message-push receiver and the timers), imported by the functions for validation and by the mini
// program's services for the request types.
import { contract } from '../function';

/** An in-app notice (database/notifications.json) as the safety code writes it. */
export interface Notice {
  kind: 'report_resolved' | 'message_blocked' | 'message_released';
  /** In the recipient's language when written (old documents: English); the phone re-renders from kind and code. */
  title: string;
  body?: string;
  /** What the words say, as a code: a report's resolution, a block's ReasonCode. */
  code?: string;
  reportId?: string;
  messageId?: string;
  conversationId?: string;
}

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const messageId = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } as const;
const reason = { enum: ['spam', 'abuse', 'sexual', 'violence', 'fraud', 'illegal', 'other'] } as const;
const note = { type: 'string', maxLength: 500 } as const;
const resolution = { enum: ['dismiss', 'approve', 'hide_message', 'mute', 'ban'] } as const;
const hhmm = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } as const;

/** Report a message or a user; global admins also resolve and apply reports in the app. */
export const report = contract('report', {
  oneOf: [
    {
      type: 'object',
      required: ['action', 'messageId', 'reason'],
      properties: { action: { const: 'reportMessage' }, messageId, reason, note },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['action', 'userId', 'reason'],
      properties: { action: { const: 'reportUser' }, userId: id, conversationId: id, reason, note },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['action', 'reportId', 'resolution'],
      properties: {
        action: { const: 'resolve' },
        reportId: id,
        resolution,
        muteMinutes: { type: 'integer', minimum: 1, maximum: 525600 },
        banScope: { enum: ['global', 'group'] },
        note,
      },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['action', 'reportId'],
      properties: { action: { const: 'apply' }, reportId: id },
      additionalProperties: false,
    },
  ],
} as const);

/** Personal data: export everything as a JSON file, or delete the account. */
export const account = contract('account', {
  oneOf: [
    { type: 'object', required: ['action'], properties: { action: { const: 'export' } }, additionalProperties: false },
    {
      type: 'object',
      required: ['action', 'messages', 'confirm'],
      properties: {
        action: { const: 'delete' },
        /** What becomes of the messages the person sent. */
        messages: { enum: ['delete', 'anonymise'] },
        /** Typed by the person: a deletion is never a stray tap. */
        confirm: { const: 'DELETE' },
      },
      additionalProperties: false,
    },
  ],
} as const);

/**
 * Subscribe consents and notification preferences. `recordConsent` is called right after
 * wx.requestSubscribeMessage resolves, with its result object (template id -> accept|reject|ban|filter).
 */
export const notifications = contract('notifications', {
  oneOf: [
    {
      type: 'object',
      required: ['action', 'results'],
      properties: {
        action: { const: 'recordConsent' },
        results: {
          type: 'object',
          minProperties: 1,
          maxProperties: 5,
          propertyNames: { pattern: '^[A-Za-z0-9_-]{1,64}$' },
          additionalProperties: { enum: ['accept', 'reject', 'ban', 'filter'] },
        },
      },
      additionalProperties: false,
    },
    { type: 'object', required: ['action'], properties: { action: { const: 'getSettings' } }, additionalProperties: false },
    {
      type: 'object',
      required: ['action'],
      minProperties: 2,
      properties: {
        action: { const: 'setSettings' },
        enabled: { type: 'boolean' },
        /** null switches quiet hours off. */
        quietHours: {
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              required: ['start', 'end', 'utcOffsetMinutes'],
              properties: { start: hhmm, end: hhmm, utcOffsetMinutes: { type: 'integer', minimum: -720, maximum: 840 } },
              additionalProperties: false,
            },
          ],
        },
      },
      additionalProperties: false,
    },
  ],
} as const);

/** WeChat's wxa_media_check message-push event; WeChat may add fields, so others are allowed. */
export const mediaCheckEvent = contract('mediaCheck', {
  type: 'object',
  required: ['Event', 'trace_id', 'result'],
  properties: {
    Event: { const: 'wxa_media_check' },
    trace_id: { type: 'string', minLength: 1, maxLength: 128 },
    result: {
      type: 'object',
      required: ['suggest'],
      properties: { suggest: { enum: ['pass', 'review', 'risky'] }, label: { type: 'integer' } },
    },
  },
} as const);

/** Timer-triggered functions take no input. */
/** The jobs timer: a timer event, or an operator's run with a budget (domain/server/jobs). */
export const jobs = contract('jobs', {
  type: 'object',
  properties: {
    Type: { type: 'string' },
    TriggerName: { type: 'string' },
    Time: { type: 'string' },
    Message: { type: 'string' },
    budgetMs: { type: 'integer', minimum: 1, maximum: 40000 },
    leaseMs: { type: 'integer', minimum: 1, maximum: 120000 },
    enqueue: { enum: ['memberKeys'] },
  },
  additionalProperties: false,
} as const);

export const timer = contract('timer', {
  type: 'object',
  properties: { Type: { type: 'string' }, TriggerName: { type: 'string' }, Time: { type: 'string' }, Message: { type: 'string' } },
  additionalProperties: false,
} as const);
