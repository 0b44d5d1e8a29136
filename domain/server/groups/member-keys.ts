// Denormalised sort keys on member documents, so that a member page at any depth and a nickname
// search are one index range walk of (conversationId, key), whatever the group's size:
// - listKey: role rank (owner, admins, members), join time (ms, zero-padded), openid: the list's
//   order and its keyset cursor in one string (unique per conversation, stable while the role is);
// - nicknameKey: the nickname normalised (NFKC, lower case, trimmed, without '|') then '|openid':
//   a search for a prefix p is the range [p, p + '\uffff'), ordered by name, openid breaking ties.
// Kept by admit (join), role changes (promote, demote, transfer), and profile edits (nickname);
// members written before these keys are filled by the `memberKeys` job (domain/server/jobs).
import type { Role } from '../../permissions';

export const RANK: Record<Role, number> = { owner: 0, admin: 1, member: 2 };

export function listKey(role: Role, joinedMs: number, openid: string): string {
  return `${RANK[role]}|${String(Math.max(0, Math.floor(joinedMs))).padStart(15, '0')}|${openid}`;
}

/** The same member's key under a new role (join time and openid kept). */
export function relisted(member: { role: Role; openid: string; joinedAt?: unknown; listKey?: string }, role: Role): string {
  const joined = member.listKey ? Number(member.listKey.split('|')[1]) : +new Date(member.joinedAt as string);
  return listKey(role, Number.isFinite(joined) ? joined : 0, member.openid);
}

export function normaliseNickname(nickname: string): string {
  return nickname.normalize('NFKC').toLowerCase().replace(/\|/g, '').replace(/\s+/g, ' ').trim();
}

export function nicknameKey(nickname: string, openid: string): string {
  return `${normaliseNickname(nickname)}|${openid}`;
}

/** The upper end of a prefix range: every key starting with `prefix` sorts below it. */
export const prefixEnd = (prefix: string): string => `${prefix}\uffff`;
