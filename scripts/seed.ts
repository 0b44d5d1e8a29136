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
    const { name, description, visibility, category, tags } = group;
    const { conversationId } = await call<{ conversationId: string }>(invoke, 'groups', { action: 'create', name, description, visibility, category, tags }, group.owner);
    // Public groups are joined from the directory; private ones with an invitation code.
    const code =
      visibility === 'private'
        ? (await call<{ code: string }>(invoke, 'groups', { action: 'createInvitation', conversationId, kind: 'code', maxUses: group.members.length }, group.owner)).code
        : undefined;
    for (const member of group.members) await call(invoke, 'groups', { action: 'join', ...(code ? { code } : { conversationId }) }, member);
    conversations.push({ id: conversationId, history: group.history });
  }
  for (const [a, b, history] of DEMO_DIRECTS) {
    const { conversationId } = await call<{ conversationId: string }>(invoke, 'conversations', { action: 'openDirect', peerId: b }, a);
    conversations.push({ id: conversationId, history });
  }

  for (const [k, { id, history }] of conversations.entries()) {
    for (const [sender, text] of history) {
      const messageId = newClientId();
      // Written as the mini program writes it (pending, client id), then delivered by the sender.
      await cloud.db.insert('messages', [{ _id: messageId, _openid: sender, conversationId: id, type: 'text', content: { text }, status: 'pending', clientTime: Date.now(), writtenAt: new Date() }]);
      await call(invoke, 'deliver', { messageId }, sender);
    }
    // Conversations went quiet at different times, so the list shows a real order of activity.
    await backdate(cloud, id, (2 + 5 * k) * HOUR);
  }
  return { users: DEMO_USERS, seeded: true };
}

/**
 * Spreads a conversation's messages (system lines included), in seq order, over the three days
 * before `quietFor` ago.
 */
async function backdate(cloud: LocalCloud, conversationId: string, quietFor: number): Promise<void> {
  const messages = await cloud.db.find('messages', { conversationId }, { sort: { seq: 1 } });
  const now = Date.now() - quietFor + 2 * HOUR;
  for (const [index, message] of messages.entries()) {
    const when = new Date(seededTime(now, index, messages.length));
    await cloud.db.update('messages', { _id: message._id }, { $set: { createdAt: when } });
    if (index === messages.length - 1) await cloud.db.update('conversations', { _id: conversationId }, { $set: { 'lastMessage.createdAt': when, updatedAt: when } });
  }
}
