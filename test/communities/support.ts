// Fixtures for the communities tests: users and groups written through the admin database (fast,
// and independent of the code under test), then exercised through the real `groups` function and
// the wx.cloud shim.
import type { LocalCloud } from '../../localcloud/src/cloud';
import { memberId } from '../../domain/ids';
import type { Role } from '../../domain/permissions';
import { memberDoc } from '../../domain/server/member-doc';
import { userOf } from '../support/users';

export type Answer<T = Record<string, unknown>> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export async function groupsAs<T = Record<string, unknown>>(cloud: LocalCloud, openid: string, data: Record<string, unknown>): Promise<Answer<T>> {
  const res = (await userOf(cloud, openid).callFunction({ name: 'groups', data })) as unknown as { result: Answer<T> };
  return res.result;
}

export async function okGroups<T = Record<string, unknown>>(cloud: LocalCloud, openid: string, data: Record<string, unknown>): Promise<T> {
  const res = await groupsAs<T>(cloud, openid, data);
  if (!res.ok) throw new Error(`groups ${String(data.action)} as ${openid} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

export const codeOf = (a: Answer<unknown>): string => (a.ok ? 'ok' : a.error.code);

/** Users (profile + empty inbox) straight into the database. */
export async function insertUsers(cloud: LocalCloud, profiles: Array<{ openid: string; nickname?: string; interests?: string[] }>): Promise<void> {
  const now = new Date();
  await cloud.db.insert(
    'users',
    profiles.map((p) => ({ _id: p.openid, nickname: p.nickname ?? p.openid, avatarUrl: '', interests: p.interests ?? [], createdAt: now, lastActiveAt: now })),
  );
  await cloud.db.insert(
    'inboxes',
    profiles.map((p) => ({ _id: p.openid, conversationIds: [], updatedAt: now })),
  );
}

export interface GroupFixture {
  conversationId: string;
  visibility?: 'public' | 'private';
  joinPolicy?: 'open' | 'approval' | 'invite';
  members: Record<string, Role>;
  banned?: string[];
  settings?: Record<string, unknown>;
  name?: string;
}

/** A group with the given members (and inbox entries) and bans, written as the functions would. */
export async function insertGroup(cloud: LocalCloud, g: GroupFixture): Promise<void> {
  const now = new Date();
  // (A large $in is tested element by element per document: for big fixtures read every user once instead.)
  const ids = Object.keys(g.members);
  const users = ids.length > 1000 ? await cloud.db.find('users', {}) : await cloud.db.find('users', { _id: { $in: ids } });
  const names = new Map(users.map((u) => [u._id as string, String(u.nickname ?? '')]));
  const owner = Object.entries(g.members).find(([, r]) => r === 'owner')?.[0] ?? '';
  await cloud.db.insert('conversations', [
    {
      _id: g.conversationId,
      type: 'group',
      name: g.name ?? `Group ${g.conversationId}`,
      description: '',
      category: 'other',
      tags: [],
      searchText: (g.name ?? `group ${g.conversationId}`).toLowerCase(),
      visibility: g.visibility ?? 'public',
      joinPolicy: g.joinPolicy ?? 'open',
      ownerId: owner,
      settings: { membersMayInvite: true, historyForNewMembers: true, fileSharing: true, slowModeSeconds: 0, muteAll: false, ...g.settings },
      announcement: '',
      seq: 0,
      lastMessage: null,
      memberCount: Object.keys(g.members).length,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  const entries = Object.entries(g.members);
  await cloud.db.insert(
    'members',
    entries.map(([openid, role], i) => ({
      _id: memberId(g.conversationId, openid),
      ...memberDoc({ conversationId: g.conversationId, openid, role, nickname: names.get(openid) ?? '', seq: 0, joinedMs: now.getTime() + i }, new Date(now.getTime() + i), now),
    })),
  );
  for (const [openid] of entries) await cloud.db.update('inboxes', { _id: openid }, { $addToSet: { conversationIds: g.conversationId } });
  if (g.banned?.length) {
    await cloud.db.insert(
      'bans',
      g.banned.map((openid) => ({ _id: memberId(g.conversationId, openid), conversationId: g.conversationId, openid, bannedBy: owner, createdAt: now })),
    );
  }
}
