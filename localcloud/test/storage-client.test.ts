// The mini program side of storage (POST /client + the object routes), with storage rules.
// Default rules (database/storage/rules.json): any signed-in user reads, only the owner writes.
import { startTestCloud, serverSdk } from './support/cloud';
import type { LocalCloud } from '../src/cloud';

/** The SDK's typings admit `void` (callback style); the promise style always resolves a result. */
function result<T>(value: T | void): T {
  if (value === undefined) throw new Error('the SDK resolved no result');
  return value;
}

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.stop());

async function client(openid: string, action: string, params: Record<string, unknown>) {
  const res = await fetch(`${cloud.url}/client`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid, 'x-wx-appid': 'wxapp' },
    body: JSON.stringify({ action, ...params }),
  });
  return (await res.json()) as { data?: any; code?: string; message?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary envelopes
}

async function clientUpload(openid: string, cloudPath: string, content: string): Promise<string> {
  const meta = await client(openid, 'storage.getUploadMetadata', { path: cloudPath });
  expect(meta.code).toBeUndefined();
  const put = await fetch(meta.data.url, { method: 'PUT', body: content, headers: { 'content-type': 'image/jpeg' } });
  expect(put.status).toBe(200);
  return meta.data.fileId;
}

test('the owner uploads, anyone signed in reads, only the owner deletes', async () => {
  const fileID = await clientUpload('alice', 'avatars/alice.jpg', 'alice-face');
  expect(cloud.storage.list().find((f) => f.fileID === fileID)).toMatchObject({ openid: 'alice', size: 10, contentType: 'image/jpeg' });

  const read = await client('bob', 'storage.batchGetDownloadUrl', { file_list: [{ fileid: fileID, max_age: 600 }] });
  expect(read.data.download_list[0]).toMatchObject({ fileID, code: 'SUCCESS', maxAge: 600 });
  expect(await (await fetch(read.data.download_list[0].tempFileURL)).text()).toBe('alice-face');

  // Bob may neither overwrite nor delete Alice's file; nothing changes.
  const overwrite = await client('bob', 'storage.getUploadMetadata', { path: 'avatars/alice.jpg' });
  expect(overwrite.code).toBe('STORAGE_EXCEED_AUTHORITY');
  const bobDelete = await client('bob', 'storage.batchDeleteFile', { fileid_list: [fileID] });
  expect(bobDelete.data.delete_list).toEqual([{ fileID, code: 'STORAGE_EXCEED_AUTHORITY', message: 'no write permission' }]);
  expect(cloud.storage.read(fileID).content.toString()).toBe('alice-face');

  const aliceDelete = await client('alice', 'storage.batchDeleteFile', { fileid_list: [fileID] });
  expect(aliceDelete.data.delete_list).toEqual([{ fileID, code: 'SUCCESS' }]);
  expect(cloud.storage.list().some((f) => f.fileID === fileID)).toBe(false);
});

test('a form upload (POST multipart) answers the fileID; a ticket works once', async () => {
  const meta = await client('carol', 'storage.getUploadMetadata', { path: 'chat/photo.png' });
  const form = new FormData();
  form.append('file', new Blob([Buffer.from([137, 80, 78, 71])], { type: 'image/png' }), 'photo.png');
  const res = await fetch(meta.data.url, { method: 'POST', body: form });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ fileID: meta.data.fileId, size: 4 });
  const reuse = await fetch(meta.data.url, { method: 'PUT', body: 'again' });
  expect(reuse.status).toBe(403);
  expect(cloud.storage.read(meta.data.fileId).content).toEqual(Buffer.from([137, 80, 78, 71]));
});

test('server SDK bypasses rules: a function may delete a user file', async () => {
  const fileID = await clientUpload('dave', 'docs/dave.pdf', 'pdf');
  const sdk = serverSdk(cloud, { openid: 'someone-else' });
  const res = result(await sdk.deleteFile({ fileList: [fileID] }));
  expect(res.fileList).toEqual([{ fileID, status: 0, errMsg: 'ok' }]);
});

test('custom rules: owner-only read denies other users per file', async () => {
  const fileID = await clientUpload('erin', 'private/erin.txt', 'secret');
  cloud.storage.setRules({ read: 'resource.openid == auth.openid', write: 'resource.openid == auth.openid' });
  try {
    const other = await client('frank', 'storage.batchGetDownloadUrl', { file_list: [{ fileid: fileID }] });
    expect(other.data.download_list).toEqual([{ fileID, tempFileURL: '', code: 'STORAGE_EXCEED_AUTHORITY', message: 'no read permission' }]);
    const own = await client('erin', 'storage.batchGetDownloadUrl', { file_list: [{ fileid: fileID }] });
    expect(own.data.download_list[0]).toMatchObject({ code: 'SUCCESS', maxAge: 86400 });
    // A rule over resource.path: only that one file is writable, by anyone signed in.
    cloud.storage.setRules({ read: true, write: "auth != null && resource.path == 'public/x.txt'" });
    expect((await client('erin', 'storage.getUploadMetadata', { path: 'private/x.txt' })).code).toBe('STORAGE_EXCEED_AUTHORITY');
    expect((await client('frank', 'storage.getUploadMetadata', { path: 'public/x.txt' })).code).toBeUndefined();
    expect(() => cloud.storage.setRules({ read: 'auth.openid ==' })).toThrow(/storage rule/);
    expect(() => cloud.storage.setRules({ read: "get('database.members.x').openid == auth.openid" })).toThrow(/cannot read the database/);
  } finally {
    cloud.storage.setRules({ read: 'auth != null', write: 'resource.openid == auth.openid' });
  }
});
