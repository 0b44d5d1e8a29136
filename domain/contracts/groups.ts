// Request contract of the `groups` function: every group operation is one action, validated here
// before the handler runs (domain/function.ts). Imported by the function and by the mini program's
// services for the request types. The answers are typed in domain/server/groups/types.ts.
import { contract } from '../function';

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const openid = { type: 'string', minLength: 1, maxLength: 64 } as const;
const offset = { type: 'integer', minimum: 0, maximum: 10000 } as const;
const limit = { type: 'integer', minimum: 1, maximum: 20 } as const;
const name = { type: 'string', minLength: 1, maxLength: 40, pattern: '\\S' } as const;
const description = { type: 'string', maxLength: 500 } as const;
/** A file the client uploaded with wx.cloud.uploadFile; never an arbitrary URL. */
const avatarUrl = { type: 'string', maxLength: 1024, pattern: '^cloud://' } as const;
const category = { type: 'string', minLength: 1, maxLength: 20 } as const;
const tags = { type: 'array', maxItems: 10, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 20 } } as const;
const visibility = { enum: ['public', 'private'] } as const;
const joinPolicy = { enum: ['open', 'approval', 'invite'] } as const;
const settings = {
  type: 'object',
  minProperties: 1,
  properties: {
    membersMayInvite: { type: 'boolean' },
    historyForNewMembers: { type: 'boolean' },
    fileSharing: { type: 'boolean' },
    slowModeSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
  },
  additionalProperties: false,
} as const;
/** A share-card token: base64url(payload).base64url(HMAC-SHA256). */
const token = { type: 'string', minLength: 10, maxLength: 512, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' } as const;
/** An invitation code as typed by a person; compared upper-cased. */
const code = { type: 'string', minLength: 6, maxLength: 12, pattern: '^[A-Za-z0-9]+$' } as const;

function action<const A extends string, const P extends Record<string, unknown>, const R extends readonly string[]>(name: A, properties: P, required: R) {
  return {
    type: 'object',
    required: ['action', ...required] as ['action', ...R],
    properties: { action: { const: name }, ...properties },
    additionalProperties: false,
  } as const;
}

const onMember = { conversationId: id, openid } as const;
const onGroup = { conversationId: id } as const;

export const groups = contract('groups', {
  oneOf: [
    // Group lifecycle and profile.
    action('create', { name, description, avatarUrl, category, tags, visibility, joinPolicy, settings }, ['name', 'visibility']),
    action('update', { conversationId: id, name, description, avatarUrl, category, tags, visibility, joinPolicy, settings }, ['conversationId']),
    action('setAnnouncement', { conversationId: id, text: { type: 'string', maxLength: 1000 } }, ['conversationId', 'text']),
    action('muteAll', { conversationId: id, on: { type: 'boolean' } }, ['conversationId', 'on']),
    action('dissolve', onGroup, ['conversationId']),
    action('dissolveProgress', onGroup, ['conversationId']),
    // Joining: directly (open public groups), with a share token or a code, or by request.
    action('join', { conversationId: id, token, code, note: { type: 'string', maxLength: 200 } }, []),
    action('inspectInvitation', { token, code }, []),
    action(
      'createInvitation',
      { conversationId: id, kind: { enum: ['share', 'code'] }, ttlHours: { type: 'integer', minimum: 1, maximum: 720 }, maxUses: { type: 'integer', minimum: 1, maximum: 500 } },
      ['conversationId', 'kind'],
    ),
    action('revokeInvitation', { conversationId: id, invitationId: { type: 'string', minLength: 6, maxLength: 64 } }, ['conversationId', 'invitationId']),
    action('listRequests', { conversationId: id, offset }, ['conversationId']),
    action('approve', onMember, ['conversationId', 'openid']),
    action('reject', onMember, ['conversationId', 'openid']),
    // Members.
    action('leave', { conversationId: id, eraseMyMessages: { type: 'boolean' } }, ['conversationId']),
    action('remove', onMember, ['conversationId', 'openid']),
    action('ban', { ...onMember, reason: { type: 'string', maxLength: 200 } }, ['conversationId', 'openid']),
    action('unban', onMember, ['conversationId', 'openid']),
    action('mute', { ...onMember, minutes: { type: 'integer', minimum: 1, maximum: 525600 } }, ['conversationId', 'openid', 'minutes']),
    action('unmute', onMember, ['conversationId', 'openid']),
    action('promote', onMember, ['conversationId', 'openid']),
    action('demote', onMember, ['conversationId', 'openid']),
    action('transfer', onMember, ['conversationId', 'openid']),
    action('deleteMessage', { conversationId: id, messageId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } }, ['conversationId', 'messageId']),
    action('members', { conversationId: id, cursor: { type: 'string', minLength: 1, maxLength: 300 }, limit, query: { type: 'string', minLength: 1, maxLength: 32, pattern: '\\S' } }, [
      'conversationId',
    ]),
    action('setNotify', { conversationId: id, notify: { enum: ['all', 'mentions', 'none'] } }, ['conversationId', 'notify']),
    action('auditLog', { conversationId: id, offset }, ['conversationId']),
    // Discovery.
    action('directory', { category, offset, limit }, []),
    action('search', { query: { type: 'string', minLength: 1, maxLength: 40, pattern: '\\S' }, category, offset, limit }, ['query']),
    action('recommend', { limit }, []),
    action('preview', { conversationId: id, token, code }, ['conversationId']),
  ],
} as const);

export type GroupAction = NonNullable<typeof groups.__request>['action'];

/** Suggested directory categories (the field is free text up to 20 characters). */
export const GROUP_CATEGORIES = ['outdoors', 'arts', 'books', 'games', 'tech', 'music', 'sports', 'food', 'travel', 'study', 'pets', 'local', 'other'] as const;

/** The page a share card opens; the join page reads `token` and calls join / inspectInvitation. */
export const JOIN_PAGE = 'pages/group-join/group-join';
