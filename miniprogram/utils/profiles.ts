// Names and avatars of other people, for chat rows, member cards and the readers list. Looked up
// through the services layer (20 ids per query, the client page size) and kept in the
// conversations store's `peers`, so the list and every page see the same names.
import type { Messaging } from '../services/messaging';
import type { PeerProfile } from '../stores/conversations';
import { isDeletedAccount } from '../../domain/ids';
import { zhCN } from '../../domain/i18n/zh-CN';
import type { MessageKey } from '../../domain/i18n/index';
import { tr } from '../stores/locale';

export interface UserProfile extends PeerProfile {
  bio?: string;
  status?: string;
}

const PAGE = 20;
const full = new Map<string, UserProfile>();
const asked = new Set<string>();

/** Fetches the profiles not known yet; resolves when they are in the store. */
export async function loadProfiles(messaging: Messaging, ids: string[]): Promise<void> {
  const known = messaging.conversations.peers;
  const missing = [...new Set(ids)].filter((id) => id && !known[id] && !asked.has(id));
  for (let i = 0; i < missing.length; i += PAGE) {
    const chunk = missing.slice(i, i + PAGE);
    chunk.forEach((id) => asked.add(id));
    try {
      const users = await messaging.cloud.query<UserProfile>('users', { _id: messaging.cloud.command.in(chunk) }, { limit: PAGE });
      users.forEach((u) => full.set(u._id, u));
      messaging.conversations.applyPeers(users);
    } catch {
      chunk.forEach((id) => asked.delete(id)); // try again next time
    }
  }
}

/** One person's full profile (member card): bio included, fresh from the server. */
export async function loadProfile(messaging: Messaging, openid: string): Promise<UserProfile | undefined> {
  const [user] = await messaging.cloud.query<UserProfile>('users', { _id: openid }, { limit: 1 });
  if (user) {
    full.set(user._id, user);
    messaging.conversations.applyPeers([user]);
  }
  return user ?? full.get(openid);
}

/**
 * A stored name as the reader sees it: a deleted account (tombstone id) reads "a deleted user" and
 * the server's default name (WeChat's "微信用户", domain/server/users.ts) is shown in the reader's
 * language; any other name is the person's own.
 */
export function nameText(openid: string, nickname: string | undefined, fallback: MessageKey = 'common_member'): string {
  if (isDeletedAccount(openid)) return tr('common_deletedUser');
  if (!nickname) return tr(fallback);
  return nickname === zhCN.common_newUser ? tr('common_newUser') : nickname;
}

export function displayName(messaging: Messaging, openid: string): string {
  if (openid === messaging.me.openid) return nameText(openid, messaging.me.profile.nickname, 'common_me');
  return nameText(openid, messaging.conversations.peers[openid]?.nickname);
}

export function avatarOf(messaging: Messaging, openid: string): string {
  if (openid === messaging.me.openid) return messaging.me.profile.avatarUrl || '';
  return messaging.conversations.peers[openid]?.avatarUrl || '';
}
