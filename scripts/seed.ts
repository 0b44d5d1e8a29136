// Seeds the demo community into a running local cloud through the real cloud functions (login,
// profile, conversations, deliver), as the users themselves would, then spreads the messages'
// server times over the past days so the chat shows real time separators.
//
// `npm start` calls seedDemo(cloud) on an empty local cloud; tests call it directly.
import { newClientId } from '../domain/ids';
import type { LocalCloud } from '../localcloud/src/cloud';
import { DEMO_DIRECTS, DEMO_GROUPS, DEMO_USERS, DemoUser } from './seed/demo-data';

type Invoke = (name: string, data: unknown, openid: string) => Promise<unknown>;

interface Ok<T> {
  ok: true;
  data: T;
}

async function call<T>(invoke: Invoke, name: string, data: unknown, openid: string): Promise<T> {
  const result = (await invoke(name, data, openid)) as Ok<T> | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`seed: ${name} as ${openid} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

const HOUR = 3600_000;
const SEEDED_SPAN = 3 * 24 * HOUR;

/**
 * When the index-th of `count` seeded messages was sent: spread over the past three days with
 * gaps alternating short and long (so the chat shows time separators), the last one two hours ago.
 */
export function seededTime(now: number, index: number, count: number): number {
  const step = SEEDED_SPAN / Math.max(count, 1);
  let before = 0;
  for (let k = index; k < count - 1; k++) before += k % 2 === 0 ? 0.5 * step : 1.5 * step;
  return now - 2 * HOUR - before;
}

export async function seedDemo(cloud: LocalCloud): Promise<{ users: DemoUser[]; seeded: boolean }> {
  if ((await cloud.db.count('users', { _id: DEMO_USERS[0].openid })) > 0) return { users: DEMO_USERS, seeded: false };
  const invoke: Invoke = (name, data, openid) => cloud.functions.invoke(name, data, { openid, appid: 'wxdemo', source: 'wx_client' });

  for (const user of DEMO_USERS) {
    await call(invoke, 'login', {}, user.openid);
    await call(invoke, 'profile', { nickname: user.nickname, bio: user.bio, interests: user.interests }, user.openid);
  }

  const conversations: Array<{ id: string; history: Array<[string, string]> }> = [];
  for (const group of DEMO_GROUPS) {
    const { conversationId } = await call<{ conversationId: string }>(
      invoke,
      'conversations',
      { action: 'createGroup', name: group.name, description: group.description, visibility: group.visibility, category: group.category, tags: group.tags },
      group.owner,
    );
    for (const member of group.members) {
      if (group.visibility === 'public') await call(invoke, 'conversations', { action: 'join', conversationId }, member);
      else await addPrivateMember(cloud, conversationId, member);
    }
    conversations.push({ id: conversationId, history: group.history });
  }
  for (const [a, b, history] of DEMO_DIRECTS) {
    const { conversationId } = await call<{ conversationId: string }>(invoke, 'conversations', { action: 'openDirect', peerId: b }, a);
    conversations.push({ id: conversationId, history });
  }

  const now = Date.now();
  for (const { id, history } of conversations) {
    for (const [index, [sender, text]] of history.entries()) {
      const messageId = newClientId();
      // Written as the mini program writes it (pending, client id), then delivered by the sender.
      await cloud.db.insert('messages', [
        { _id: messageId, _openid: sender, conversationId: id, type: 'text', content: { text }, status: 'pending', clientTime: Date.now(), writtenAt: new Date() },
      ]);
      await call(invoke, 'deliver', { messageId }, sender);
      const when = new Date(seededTime(now, index, history.length));
      await cloud.db.update('messages', { _id: messageId }, { $set: { createdAt: when } });
      if (index === history.length - 1) await cloud.db.update('conversations', { _id: id }, { $set: { 'lastMessage.createdAt': when, updatedAt: when } });
    }
  }
  return { users: DEMO_USERS, seeded: true };
}

/** Private groups are joined by invitation (the communities work); the seed adds members directly. */
async function addPrivateMember(cloud: LocalCloud, conversationId: string, openid: string): Promise<void> {
  const now = new Date();
  await cloud.db.insert('members', [
    { _id: `${conversationId}_${openid}`, conversationId, openid, role: 'member', lastReadSeq: 0, lastDeliveredSeq: 0, joinedSeq: 0, mutedUntil: 0, notify: 'all', pinned: false, muted: false, joinedAt: now, updatedAt: now },
  ]);
  await cloud.db.update('conversations', { _id: conversationId }, { $inc: { memberCount: 1 } });
  await cloud.db.update('inboxes', { _id: openid }, { $addToSet: { conversationIds: conversationId } });
}

