// The wx.cloud shim's results, errors and calling styles, as the mini program sees them
// (shapes from wx-server-sdk 4.0.2's wrappers, which mirror the mini program's).
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud, type WxCloud, type WxError } from '../src/client';
import { startTestCloud } from './support/cloud';

let cloud: LocalCloud;
let alice: WxCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ databaseDir: path.join(__dirname, 'fixtures/database') });
  alice = createWxCloud({ baseUrl: cloud.url, openid: 'alice', WebSocket: WebSocket as never, readFile: (p) => fs.promises.readFile(p) });
  alice.init({ env: cloud.envId });
});

afterAll(async () => {
  await alice.close();
  await cloud.stop();
});

it('collection and document calls answer in the mini program shapes', async () => {
  const db = alice.database();
  const posts = db.collection('posts');
  expect(await posts.add({ data: { _id: 'shape-1', title: 't', published: true, n: 1 } })).toEqual({ _id: 'shape-1', errMsg: 'collection.add:ok' });
  expect(await posts.where({ published: true, _openid: 'alice' }).count()).toEqual({ total: 1, errMsg: 'collection.count:ok' });
  expect(await posts.where({ _openid: 'alice' }).update({ data: { n: db.command.inc(2) } })).toEqual({ stats: { updated: 1 }, errMsg: 'collection.update:ok' });
  const got = await posts.where({ published: true, _openid: 'alice' }).field({ n: true }).get();
  expect(got).toEqual({ data: [{ _id: 'shape-1', n: 3 }], errMsg: 'collection.get:ok' });
  const agg = await posts
    .aggregate()
    .match({ published: true })
    .group({ _id: null, total: db.command.aggregate.sum('$n') })
    .end();
  expect(agg).toEqual({ list: [{ _id: null, total: 3 }], errMsg: 'collection.aggregate:ok' });
  expect(await posts.where({ _openid: 'alice' }).remove()).toEqual({ stats: { removed: 1 }, errMsg: 'collection.remove:ok' });

  const scratch = db.collection('scratch');
  await scratch.add({ data: { _id: 'shape-2', text: 'x' } });
  expect(await scratch.doc('shape-2').get()).toEqual({ data: { _id: 'shape-2', text: 'x', _openid: 'alice' }, errMsg: 'document.get:ok' });
  expect(await scratch.doc('shape-2').update({ data: { text: 'y' } })).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
  expect(await scratch.doc('shape-3').set({ data: { text: 'z' } })).toEqual({ _id: 'shape-3', stats: { updated: 0, created: 1 }, errMsg: 'document.set:ok' });
  expect(await scratch.doc('shape-3').remove()).toEqual({ stats: { removed: 1 }, errMsg: 'document.remove:ok' });
  const missing = (await scratch
    .doc('nope')
    .get()
    .catch((e: WxError) => e)) as WxError;
  expect(missing).toMatchObject({ errCode: -1, errMsg: 'document.get:fail document with _id nope does not exist' });
});

it('supports success/fail/complete callbacks and returns undefined then', async () => {
  const scratch = alice.database().collection('scratch');
  const ok = await new Promise<unknown[]>((resolve) => {
    const seen: unknown[] = [];
    const ret = scratch.where({ text: 'y' }).get({
      success: (res: { errMsg: string }) => seen.push(['success', res.errMsg]),
      complete: (res: unknown) => {
        seen.push(['complete', (res as { errMsg: string }).errMsg]);
        resolve(seen);
      },
    });
    expect(ret).toBeUndefined();
  });
  expect(ok).toEqual([
    ['success', 'collection.get:ok'],
    ['complete', 'collection.get:ok'],
  ]);
  const failed = await new Promise<WxError>((resolve) =>
    alice
      .database()
      .collection('closed')
      .add({ data: { x: 1 }, fail: resolve }),
  );
  expect(failed.errCode).toBe(-502003);
  expect(failed.errMsg).toMatch(/^collection\.add:fail -502003 database permission denied\. /);
});

it('callFunction reports an unknown function as a cloud.callFunction failure', async () => {
  const err = (await alice.callFunction({ name: 'no-such-function', data: {} }).catch((e: WxError) => e)) as WxError;
  expect(err.errMsg.startsWith('cloud.callFunction:fail ')).toBe(true);
  expect(typeof err.errCode).toBe('number');
});

it('uploads, links, downloads and deletes a file', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-')), 'a.txt');
  fs.writeFileSync(file, 'hello file');
  const progress: number[] = [];
  const task = alice.uploadFile({ cloudPath: 'shapes/a.txt', filePath: file });
  task.onProgressUpdate((p) => progress.push(p.progress));
  const up = await task;
  expect(up).toEqual({ fileID: expect.stringMatching(/^cloud:\/\/.+\/shapes\/a\.txt$/), statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
  expect(progress).toEqual([0, 100]);

  const links = await alice.getTempFileURL({ fileList: [up.fileID] });
  expect(links.errMsg).toBe('cloud.getTempFileURL:ok');
  expect(links.fileList[0]).toMatchObject({ fileID: up.fileID, status: 0, errMsg: 'ok' });
  expect(await (await fetch(links.fileList[0].tempFileURL)).text()).toBe('hello file');

  const down = await alice.downloadFile({ fileID: up.fileID });
  expect(down).toMatchObject({ statusCode: 200, errMsg: 'cloud.downloadFile:ok' });

  const del = await alice.deleteFile({ fileList: [up.fileID] });
  expect(del).toEqual({ fileList: [{ fileID: up.fileID, status: 0, errMsg: 'ok' }], errMsg: 'cloud.deleteFile:ok' });
});
