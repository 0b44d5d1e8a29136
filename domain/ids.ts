// Identifiers shared by the mini program and the functions. A message's client id is its `_id`
// from the first keystroke to the last retry: the idempotency key that makes resends harmless.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function randomChars(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return out;
}

/**
 * A new client id: base36 time prefix (sortable by creation on one device, for display only)
 * plus 12 random base36 characters (62 bits) so two devices never collide in practice.
 * Matches the messages schema pattern ^[A-Za-z0-9_-]{8,64}$.
 */
export function newClientId(now = Date.now()): string {
  return `${now.toString(36)}${randomChars(12)}`;
}

/** members._id: predictable so security rules can read it with get(). */
export function memberId(conversationId: string, openid: string): string {
  return `${conversationId}_${openid}`;
}

/** The unique key of a direct conversation between two users, whoever starts it. */
export function directKey(a: string, b: string): string {
  return [a, b].sort().join('|');
}

/** A direct conversation's _id, derived from its key so opening it twice finds the same one. */
export function directConversationId(a: string, b: string): string {
  return `dm_${[a, b].sort().join('_')}`;
}

/** The prefix of the tombstone id that replaces a deleted account's openid (domain/server/safety/account.ts). */
export const DELETED_ACCOUNT_PREFIX = 'deleted_';

export function isDeletedAccount(openid: string | undefined): boolean {
  return Boolean(openid?.startsWith(DELETED_ACCOUNT_PREFIX));
}
