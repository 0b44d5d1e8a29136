// Safety test support: function calls as users (test/functions/support.ts), plus what the console
// and WeChat do in these tests: edit documents as an admin, record a consent on WeChat's side (what
// wx.requestSubscribeMessage does) and report it to our function.
import type { LocalCloud } from '../../localcloud/src/cloud';
import { newClientId } from '../../domain/ids';
import { callAs, okAs } from '../functions/support';
import type { User } from '../support/users';

export { callAs, okAs, writePending } from '../functions/support';

type Doc = Record<string, unknown>;

export async function one(cloud: LocalCloud, collection: string, id: string): Promise<Doc | undefined> {
  return (await cloud.db.find(collection, { _id: id }))[0] as Doc | undefined;
}

export async function createGroup(owner: User, name: string, members: User[]): Promise<string> {
  const { conversationId } = await okAs<{ conversationId: string }>(owner, 'groups', { action: 'create', name, visibility: 'public' });
  for (const m of members) await okAs(m, 'groups', { action: 'join', conversationId });
  // The group's own system messages ("created", "joined") are read, so tests count only what they send.
  const { seq } = (await owner.database().collection('conversations').doc(conversationId).get()).data as { seq: number };
  for (const m of [owner, ...members]) await okAs(m, 'receipts', { updates: [{ conversationId, readSeq: seq }] });
  return conversationId;
}

/** Writes a pending message of any type the way the mini program does; returns its id. */
export async function writeMessage(user: User, conversationId: string, fields: Doc): Promise<string> {
  const db = user.database();
  // A media message's id is chosen first: its file is named for it (domain/media.ts).
  const _id = typeof fields._id === 'string' ? fields._id : newClientId();
  await db.collection('messages').add({ data: { _id, conversationId, type: 'text', status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate(), ...fields } });
  return _id;
}

export async function send(user: User, conversationId: string, text: string, extra: Doc = {}) {
  const messageId = await writeMessage(user, conversationId, { content: { text }, ...extra });
  return { messageId, result: await callAs<{ status: string; seq?: number; reason?: string }>(user, 'deliver', { messageId }) };
}

/** What wx.requestSubscribeMessage records on WeChat's side, then the app's report of it. */
export async function consent(cloud: LocalCloud, user: User, openid: string, templateId: string, times = 1): Promise<Record<string, number>> {
  let credits: Record<string, number> = {};
  for (let i = 0; i < times; i++) {
    cloud.openapi.recordConsent(openid, templateId, 'accept');
    credits = (await okAs<{ credits: Record<string, number> }>(user, 'notifications', { action: 'recordConsent', results: { [templateId]: 'accept' } })).credits;
  }
  return credits;
}
