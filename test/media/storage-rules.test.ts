// Who reads a conversation's files. Storage rules cannot consult the database (CloudBase storage
// rules see `auth` and `resource` only), so database/storage/rules.json keeps conversation files
// their uploader's, avatars public, exports the server's; members read a conversation's files
// through the `media` function (domain/server/media.ts), which applies the messages read rule.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { newClientId } from '../../domain/ids';
import { conversationFilePath } from '../../domain/media';
import type { MediaUrl } from '../../domain/contracts/messaging';
import { callAs, createGroup, okAs, one, writeMessage } from '../safety/support';
import { closeUsers, User, userOf } from '../support/users';
import { waitFor } from '../support/wait';

let cloud: LocalCloud;
let owner: User;
let ann: User;
let oz: User;
let group: string;

const PHOTO = Buffer.from('a photo of the lake');
const dataUrl = (bytes: Buffer, type = 'image/jpeg') => `data:${type};base64,${bytes.toString('base64')}`;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  [owner, ann, oz] = ['owner', 'ann', 'oz'].map((id) => userOf(cloud, id));
  for (const u of [owner, ann, oz]) await okAs(u, 'login', {});
  group = await createGroup(owner, 'Lakeside', [ann]);
});
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
});

/** Ann uploads a photo the way the outbox does (named for its message), writes and delivers it. */
async function annSendsPhoto(conversationId = group): Promise<{ messageId: string; fileID: string }> {
  const messageId = newClientId();
  const { fileID } = await ann.uploadFile({ cloudPath: conversationFilePath(conversationId, 'ann', messageId, 'jpg'), filePath: dataUrl(PHOTO) });
  await writeMessage(ann, conversationId, { _id: messageId, type: 'image', content: { fileId: fileID, width: 4, height: 3, size: PHOTO.length } });
  await okAs(ann, 'deliver', { messageId });
  // Held until the local mediaCheckAsync's verdict reaches the mediaCheck function.
  await waitFor(async () => (await one(cloud, 'messages', messageId))?.status === 'visible', 'the photo to be published', 15_000);
  return { messageId, fileID };
}

async function directRead(user: User, fileID: string): Promise<number> {
  const { fileList } = (await user.getTempFileURL({ fileList: [fileID] })) as { fileList: Array<{ status: number }> };
  return fileList[0].status;
}

async function viaMedia(user: User, fileIds: string[]): Promise<MediaUrl[]> {
  return (await okAs<{ files: MediaUrl[] }>(user, 'media', { fileIds })).files;
}

it('a non-member cannot read a conversation file by its fileID; a member reads it through the media function', async () => {
  const { fileID } = await annSendsPhoto();

  // Storage rules: only the uploader, whoever asks with the fileID.
  expect(await directRead(ann, fileID)).toBe(0);
  expect(await directRead(oz, fileID)).not.toBe(0);
  expect(await directRead(owner, fileID)).not.toBe(0);
  await expect(oz.downloadFile({ fileID })).rejects.toBeTruthy();

  // The media function: the member gets a working URL, the outsider the same answer as for a missing file.
  const [forOwner] = await viaMedia(owner, [fileID]);
  expect(forOwner).toMatchObject({ fileId: fileID, maxAge: expect.any(Number) });
  expect(Buffer.from(await (await fetch(forOwner.tempFileURL!)).arrayBuffer())).toEqual(PHOTO);
  const missing = fileID.replace(/\/[^/]+\.jpg$/, `/${newClientId()}.jpg`);
  expect(await viaMedia(oz, [fileID, missing])).toEqual([
    { fileId: fileID, code: 'NOT_FOUND' },
    { fileId: missing, code: 'NOT_FOUND' },
  ]);
});

it('the media function applies the messages read rule: unpublished, history hidden from new members, left members', async () => {
  // Pending (not yet delivered): the sender's own only.
  const pendingId = newClientId();
  const { fileID: pendingFile } = await ann.uploadFile({ cloudPath: conversationFilePath(group, 'ann', pendingId, 'jpg'), filePath: dataUrl(PHOTO) });
  await writeMessage(ann, group, { _id: pendingId, type: 'image', content: { fileId: pendingFile, width: 4, height: 3, size: PHOTO.length } });
  expect((await viaMedia(owner, [pendingFile]))[0].code).toBe('NOT_FOUND');
  expect((await viaMedia(ann, [pendingFile]))[0].tempFileURL).toBeTruthy();

  // A group that hides history: a member who joins after the photo does not read it.
  const { conversationId: quiet } = await okAs<{ conversationId: string }>(owner, 'groups', { action: 'create', name: 'Quiet Cove', visibility: 'public', settings: { historyForNewMembers: false } });
  await okAs(ann, 'groups', { action: 'join', conversationId: quiet });
  const { fileID: before } = await annSendsPhoto(quiet);
  await okAs(oz, 'groups', { action: 'join', conversationId: quiet });
  expect((await viaMedia(oz, [before]))[0].code).toBe('NOT_FOUND');
  const { fileID: after } = await annSendsPhoto(quiet);
  expect((await viaMedia(oz, [after]))[0].tempFileURL).toBeTruthy();

  // Having left, oz reads nothing of the group any more.
  await okAs(oz, 'groups', { action: 'leave', conversationId: quiet });
  expect((await viaMedia(oz, [after]))[0].code).toBe('NOT_FOUND');
});

it('a message pointing at a file that is not its own is blocked, and does not open that file to its readers', async () => {
  const { fileID } = await annSendsPhoto();
  // Oz, in a direct chat with ann's friend, re-posts ann's group photo by its id.
  const direct = (await okAs<{ conversationId: string }>(oz, 'conversations', { action: 'openDirect', peerId: 'owner' })).conversationId;
  const forgedId = newClientId();
  await writeMessage(oz, direct, { _id: forgedId, type: 'image', content: { fileId: fileID, width: 4, height: 3, size: 1 } });
  const outcome = await callAs<{ status: string; code?: string }>(oz, 'deliver', { messageId: forgedId });
  expect(outcome).toMatchObject({ ok: true, data: { status: 'blocked', code: 'INVALID_MESSAGE' } });
  expect((await viaMedia(oz, [fileID]))[0].code).toBe('NOT_FOUND');
});

it('avatars are readable by anyone signed in; an export only through the URL handed to its owner', async () => {
  const { fileID: avatar } = await ann.uploadFile({ cloudPath: `avatars/ann/${Date.now()}.png`, filePath: dataUrl(PHOTO, 'image/png') });
  expect(await directRead(oz, avatar)).toBe(0);

  const exported = await okAs<{ fileID: string; tempFileURL: string }>(ann, 'account', { action: 'export' });
  expect((await fetch(exported.tempFileURL)).status).toBe(200);
  expect(await directRead(oz, exported.fileID)).not.toBe(0);
  // Written by the server, the export is nobody's under the rules: not even a guess of its id opens it.
  expect(await directRead(ann, exported.fileID)).not.toBe(0);
});
