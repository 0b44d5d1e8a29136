// Retention, account deletion and leave-with-erase remove the files of the messages they remove,
// and only the files those messages own (domain/media.ts): a message pointing at someone else's
// file (a forged pointer, blocked by deliver but still stored) never takes that file with it.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { newClientId } from '../../domain/ids';
import { conversationFilePath } from '../../domain/media';
import { callAs, createGroup, okAs, one, writeMessage } from '../safety/support';
import { closeUsers, User, userOf } from '../support/users';
import { waitFor } from '../support/wait';

let cloud: LocalCloud;
let owner: User;
let ann: User;
let ben: User;
let oz: User;

const dataUrl = (text: string) => `data:image/jpeg;base64,${Buffer.from(text).toString('base64')}`;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  [owner, ann, ben, oz] = ['owner', 'ann', 'ben', 'oz'].map((id) => userOf(cloud, id));
  for (const u of [owner, ann, ben, oz]) await okAs(u, 'login', {});
});
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
});

const exists = (fileID: string) => cloud.storage.list().some((f) => f.fileID === fileID);

/** A photo sent as the outbox sends it: the file named for its message, then the message, then deliver. */
async function sendPhoto(user: User, openid: string, conversationId: string): Promise<{ messageId: string; fileID: string }> {
  const messageId = newClientId();
  const { fileID } = await user.uploadFile({ cloudPath: conversationFilePath(conversationId, openid, messageId, 'jpg'), filePath: dataUrl(`${openid}'s photo ${messageId}`) });
  await writeMessage(user, conversationId, { _id: messageId, type: 'image', content: { fileId: fileID, width: 4, height: 3, size: 20 } });
  await okAs(user, 'deliver', { messageId });
  await waitFor(async () => (await one(cloud, 'messages', messageId))?.status === 'visible', 'the photo to be published', 15_000);
  return { messageId, fileID };
}

/** A message pointing at a file it does not own: deliver blocks it, the document stays. */
async function forgePointer(user: User, conversationId: string, fileId: string): Promise<string> {
  const messageId = await writeMessage(user, conversationId, { type: 'image', content: { fileId, width: 1, height: 1, size: 1 } });
  expect(await callAs(user, 'deliver', { messageId })).toMatchObject({ ok: true, data: { status: 'blocked', code: 'INVALID_MESSAGE' } });
  return messageId;
}

async function avatarOf(user: User, openid: string): Promise<string> {
  const { fileID } = await user.uploadFile({ cloudPath: `avatars/${openid}/${Date.now()}.png`, filePath: dataUrl(`${openid}'s face`) });
  await okAs(user, 'profile', { nickname: openid, avatarUrl: fileID });
  return fileID;
}

it('retention deletes the files of the messages it deletes, not the files they only point at', async () => {
  const group = await createGroup(owner, 'Short Memory', [ann, oz]);
  const ownerAvatar = await avatarOf(owner, 'owner');
  const photo = await sendPhoto(ann, 'ann', group);
  const fresh = await sendPhoto(ann, 'ann', group);
  const forged = await forgePointer(oz, group, ownerAvatar);
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
  for (const id of [photo.messageId, forged]) await cloud.db.update('messages', { _id: id }, { $set: { writtenAt: tenDaysAgo } });
  await cloud.db.update('conversations', { _id: group }, { $set: { 'settings.retentionDays': 7 } });
  await cloud.functions.fireTimer('retention');
  await waitFor(async () => !(await one(cloud, 'messages', forged)) && !(await one(cloud, 'messages', photo.messageId)), 'retention to remove both old messages', 30_000);

  expect(exists(photo.fileID)).toBe(false);
  expect(exists(fresh.fileID)).toBe(true);
  expect(exists(ownerAvatar)).toBe(true);
  await cloud.db.update('conversations', { _id: group }, { $set: { 'settings.retentionDays': 0 } });
});

it("deleting an account deletes its messages' files and its own avatar, never files it pointed at", async () => {
  const group = await createGroup(owner, 'Leaving Soon', [ann, ben]);
  const annPhoto = await sendPhoto(ann, 'ann', group);
  const annAvatar = await avatarOf(ann, 'ann');
  const benPhoto = await sendPhoto(ben, 'ben', group);
  await forgePointer(ben, group, annPhoto.fileID);
  // Ben's profile claims Ann's avatar as his (the profile function stores any cloud:// id).
  await okAs(ben, 'profile', { avatarUrl: annAvatar });

  await okAs(ben, 'account', { action: 'delete', messages: 'delete', confirm: 'DELETE' });
  await waitFor(async () => (await cloud.db.count('messages', { _openid: 'ben' })) === 0, "ben's messages to go", 30_000);

  expect(exists(benPhoto.fileID)).toBe(false);
  expect(exists(annPhoto.fileID)).toBe(true);
  expect(exists(annAvatar)).toBe(true);
});

it("leaving with erase deletes the leaver's photos with the recall", async () => {
  const group = await createGroup(owner, 'Erasers', [oz]);
  const photo = await sendPhoto(oz, 'oz', group);
  await okAs(oz, 'groups', { action: 'leave', conversationId: group, eraseMyMessages: true });
  await waitFor(async () => (await one(cloud, 'messages', photo.messageId))?.status === 'recalled', 'the photo to be recalled', 30_000);
  expect(exists(photo.fileID)).toBe(false);
});
