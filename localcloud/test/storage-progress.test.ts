// uploadFile's UploadTask reports progress as the bytes go out (client/upload.ts): in Node the body
// is a stream that undici pulls 64 KB at a time, so a 512 KB file gives several steps between 0 and
// 100, and abort() stops the PUT half-way without leaving a file behind.
import crypto from 'crypto';
import WebSocket from 'ws';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud, type WxCloud, type WxError } from '../src/client';
import type { UploadProgress } from '../src/client/storage';
import { startTestCloud } from './support/cloud';

const SIZE = 512 * 1024;
const files = new Map<string, Buffer>();
let cloud: LocalCloud;
let alice: WxCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  alice = createWxCloud({
    baseUrl: cloud.url,
    openid: 'alice',
    WebSocket: WebSocket as never,
    readFile: async (p) => {
      const bytes = files.get(p);
      if (!bytes) throw new Error(`no such temp file ${p}`);
      return bytes;
    },
  });
  alice.init({ env: cloud.envId });
});
afterAll(async () => {
  await alice.close();
  await cloud.stop();
});

test('a 512 KB upload reports strictly increasing progress in steps and round-trips byte for byte', async () => {
  const bytes = crypto.randomBytes(SIZE);
  files.set('wxfile://tmp/big.bin', bytes);
  const events: UploadProgress[] = [];
  const task = alice.uploadFile({ cloudPath: 'progress/big.bin', filePath: 'wxfile://tmp/big.bin' });
  task.onProgressUpdate((p) => events.push(p));
  const { fileID } = await task;

  expect(events[0]).toEqual({ progress: 0, totalBytesSent: 0, totalBytesExpectedToSend: SIZE });
  expect(events[events.length - 1]).toEqual({ progress: 100, totalBytesSent: SIZE, totalBytesExpectedToSend: SIZE });
  expect(events.filter((e) => e.progress > 0 && e.progress < 100).length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < events.length; i++) {
    expect(events[i].progress).toBeGreaterThan(events[i - 1].progress);
    expect(events[i].totalBytesSent).toBeGreaterThan(events[i - 1].totalBytesSent);
  }

  const [link] = (await alice.getTempFileURL({ fileList: [fileID] })).fileList;
  const downloaded = Buffer.from(await (await fetch(link.tempFileURL)).arrayBuffer());
  expect(downloaded.equals(bytes)).toBe(true);
});

test('abort() during the upload fails the task before the last byte', async () => {
  files.set('wxfile://tmp/aborted.bin', crypto.randomBytes(4 * SIZE));
  const task = alice.uploadFile({ cloudPath: 'progress/aborted.bin', filePath: 'wxfile://tmp/aborted.bin' });
  const seen: number[] = [];
  task.onProgressUpdate((p) => {
    seen.push(p.progress);
    if (p.progress > 0) task.abort();
  });
  const err = (await task.then(
    () => null,
    (e: WxError) => e,
  )) as WxError;
  expect(err?.errMsg).toMatch(/^cloud\.uploadFile:fail .*abort/i);
  expect(Math.max(...seen)).toBeLessThan(100);
  expect(cloud.storage.list().some((f) => f.cloudPath === 'progress/aborted.bin')).toBe(false);
});
