// Names and avatars of other people, for chat rows, member cards and the readers list. Looked up
// through the services layer (20 ids per query, the client page size) and kept in the
// conversations store's `peers`, so the list and every page see the same names.
import type { Messaging } from '../services/messaging';
import type { PeerProfile } from '../stores/conversations';

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

export function displayName(messaging: Messaging, openid: string): string {
  if (openid === messaging.me.openid) return messaging.me.profile.nickname || '我';
  return messaging.conversations.peers[openid]?.nickname || '群成员';
}

export function avatarOf(messaging: Messaging, openid: string): string {
  if (openid === messaging.me.openid) return messaging.me.profile.avatarUrl || '';
  return messaging.conversations.peers[openid]?.avatarUrl || '';
}
