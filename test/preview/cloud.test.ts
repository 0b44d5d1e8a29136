// The phones' wx.cloud is the real local cloud client: a function call from a phone runs as that
// phone's user, database reads obey the rules, the network status follows the client, and
// subscribe consent lands in the cloud's ledger.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Frame } from 'playwright-core';
import { LocalCloud } from '../../localcloud/src/cloud';
import type { PhoneWindow } from './phone-globals';
import { openPhones, phone, errorsOf, type PreviewSession } from './phones';

let cloud: LocalCloud;
let dataDir: string;
let session: PreviewSession;
let alice: Frame;
let bob: Frame;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-preview-cloud-'));
  cloud = await LocalCloud.start({ port: 0, dataDir, functions: { timers: false } });
  session = await openPhones('alice:Alice,bob:Bob', cloud.url);
  alice = await phone(session.page, 'alice');
  bob = await phone(session.page, 'bob');
});
afterAll(async () => {
  await session?.close();
  await cloud?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a phone's callFunction runs as that phone's user", async () => {
  const result = await alice.evaluate(async () => {
    const res = (await (window as unknown as PhoneWindow).wx.cloud.callFunction({ name: 'login' })) as { result: unknown };
    return res.result as { ok: boolean; data?: { profile: { _id: string } } };
  });
  expect(result.ok).toBe(true);
  expect(result.data?.profile._id).toBe('alice');
  const [record] = cloud.functions.invocations({ name: 'login' });
  expect(record).toMatchObject({ openid: 'alice', status: 'ok', trigger: { kind: 'call', via: 'client' } });
});

test("another phone reads that user's profile through the database rules", async () => {
  const doc = await bob.evaluate(async () => {
    const db = (window as unknown as PhoneWindow).wx.cloud.database() as unknown as {
      collection(n: string): { doc(id: string): { get(): Promise<{ data: { _id: string } }> } };
    };
    return (await db.collection('users').doc('alice').get()).data;
  });
  expect(doc._id).toBe('alice');
  // users are written only by functions: a direct write from a phone is refused by the rules
  const denied = await bob.evaluate(async () => {
    const db = (window as unknown as PhoneWindow).wx.cloud.database() as unknown as {
      collection(n: string): { add(o: { data: unknown }): Promise<unknown> };
    };
    return db.collection('users').add({ data: { nickname: 'mallory' } }).then(() => 'written', (e: { errMsg?: string }) => String(e.errMsg));
  });
  expect(denied).toMatch(/permission denied/i);
});

test('wx network status follows the cloud client', async () => {
  const seen = await alice.evaluate(async () => {
    const { wx } = window as unknown as PhoneWindow;
    const changes: unknown[] = [];
    wx.onNetworkStatusChange((s: unknown) => changes.push(s));
    (wx.cloud.faults as unknown as { setOnline(on: boolean): void }).setOnline(false);
    const offline = ((await wx.getNetworkType()) as { networkType: string }).networkType;
    const call = await (wx.cloud.callFunction({ name: 'login' }) as Promise<unknown>).then(() => 'ok', (e: { errMsg?: string }) => String(e.errMsg));
    (wx.cloud.faults as unknown as { setOnline(on: boolean): void }).setOnline(true);
    return { offline, call, changes };
  });
  expect(seen.offline).toBe('none');
  expect(seen.call).toMatch(/fail/);
  expect(seen.changes).toEqual([{ isConnected: false, networkType: 'none' }, { isConnected: true, networkType: 'wifi' }]);
});

test('subscribe consent from the sheet reaches the credit ledger', async () => {
  const answer = alice.evaluate(() => (window as unknown as PhoneWindow).wx.requestSubscribeMessage({ tmplIds: ['tmpl-new-message'] }));
  await alice.click('.wx-sub-accept');
  expect(await answer).toMatchObject({ 'tmpl-new-message': 'accept' });
  expect(cloud.openapi.remainingConsents('alice')).toEqual({ 'tmpl-new-message': 1 });
  expect(await errorsOf(alice)).toEqual([]);
  expect(await errorsOf(bob)).toEqual([]);
});
