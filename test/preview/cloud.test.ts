// The phones' wx.cloud is the real local cloud client: a function call from a phone runs as that
// phone's user, database reads obey the rules, the network status follows the client, and
// subscribe consent lands in the cloud's ledger. The local console edits a document and a phone's
// watch sees the change.
import path from 'path';
import type { Frame } from 'playwright-core';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { PhoneWindow } from './phone-globals';
import { phone, errorsOf, SCREENSHOTS, type PreviewSession, openPhonesOnCloud, type PhonesOnCloud } from './phones';

let cloud: LocalCloud;
let session: PreviewSession;
let env: PhonesOnCloud | undefined;
let alice: Frame;
let bob: Frame;

beforeAll(async () => {
  env = await openPhonesOnCloud('alice:Alice,bob:Bob');
  ({ cloud, session } = env);
  alice = await phone(session.page, 'alice');
  bob = await phone(session.page, 'bob');
});
afterAll(() => env?.close());

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
    return db
      .collection('users')
      .add({ data: { nickname: 'mallory' } })
      .then(
        () => 'written',
        (e: { errMsg?: string }) => String(e.errMsg),
      );
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
    const call = await (wx.cloud.callFunction({ name: 'login' }) as Promise<unknown>).then(
      () => 'ok',
      (e: { errMsg?: string }) => String(e.errMsg),
    );
    (wx.cloud.faults as unknown as { setOnline(on: boolean): void }).setOnline(true);
    return { offline, call, changes };
  });
  expect(seen.offline).toBe('none');
  expect(seen.call).toMatch(/fail/);
  expect(seen.changes).toEqual([
    { isConnected: false, networkType: 'none' },
    { isConnected: true, networkType: 'wifi' },
  ]);
});

test('subscribe consent from the sheet reaches the credit ledger', async () => {
  const answer = alice.evaluate(() => (window as unknown as PhoneWindow).wx.requestSubscribeMessage({ tmplIds: ['tmpl-new-message'] }));
  await alice.click('.wx-sub-accept');
  expect(await answer).toMatchObject({ 'tmpl-new-message': 'accept' });
  expect(cloud.openapi.remainingConsents('alice')).toEqual({ 'tmpl-new-message': 1 });
  expect(await errorsOf(alice)).toEqual([]);
  expect(await errorsOf(bob)).toEqual([]);
});

test('a document edited in the console reaches a phone through its watch', async () => {
  // alice's phone watches her own users document (created by login above)
  await alice.evaluate(() => {
    const w = window as unknown as PhoneWindow & { seenNicknames: string[] };
    w.seenNicknames = [];
    const db = w.wx.cloud.database() as unknown as {
      collection(n: string): { doc(id: string): { watch(h: { onChange(s: { docs: { nickname: string }[] }): void; onError(e: unknown): void }): unknown } };
    };
    db.collection('users')
      .doc('alice')
      .watch({
        onChange: (snapshot) => w.seenNicknames.push(...snapshot.docs.map((d) => d.nickname)),
        onError: (e) => w.__previewErrors.push(`watch: ${String(e)}`),
      });
  });
  await alice.waitForFunction(() => (window as unknown as { seenNicknames: string[] }).seenNicknames.length > 0);

  const consolePage = await session.context.newPage();
  try {
    await consolePage.goto(`${cloud.url}/console`);
    await consolePage.waitForSelector('body[data-console-ready="true"]');
    await consolePage.click('#collection-list button[data-collection="users"]');
    await consolePage.click('.doc[data-id="alice"] .doc-edit');
    await consolePage.fill('#doc-editor', JSON.stringify({ nickname: '爱丽丝 (console)' }));
    await consolePage.selectOption('#doc-mode', 'merge');
    await consolePage.click('#doc-save');
    await consolePage.waitForSelector('.doc[data-id="alice"] .doc-json >> text=爱丽丝 (console)');
    await consolePage.screenshot({ path: path.join(SCREENSHOTS, 'console-collections.png') });
    expect(await consolePage.textContent('#error')).toBe('');
  } finally {
    await consolePage.close();
  }

  await alice.waitForFunction(() => (window as unknown as { seenNicknames: string[] }).seenNicknames.includes('爱丽丝 (console)'));
  await session.page.screenshot({ path: path.join(SCREENSHOTS, 'phones-with-cloud.png') });
  expect(await errorsOf(alice)).toEqual([]);
});

test("the console's Missing indexes tab lists a phone's unindexed query with its page", async () => {
  // users has no index on language: a collection scan in production
  await bob.evaluate(async () => {
    const db = (window as unknown as PhoneWindow).wx.cloud.database() as unknown as {
      collection(n: string): { where(q: Record<string, unknown>): { get(): Promise<unknown> } };
    };
    await db.collection('users').where({ language: 'zh_CN' }).get();
  });
  const [row] = cloud.db.missingIndexes().filter((m) => m.collection === 'users' && m.shape === '{"language":"$eq"}');
  expect(row?.sources[0].source).toMatch(/^client:pages\//); // the preview's shim names the phone's page
  const consolePage = await session.context.newPage();
  try {
    await consolePage.goto(`${cloud.url}/console#indexes`);
    await consolePage.waitForSelector('body[data-console-ready="true"]');
    await consolePage.waitForSelector('tr.missing-index >> text={"language":"$eq"}');
    expect(await consolePage.textContent('tr.missing-index')).toContain(row!.sources[0].source);
    await consolePage.screenshot({ path: path.join(SCREENSHOTS, 'console-missing-indexes.png') });
    expect(await consolePage.textContent('#error')).toBe('');
  } finally {
    await consolePage.close();
  }
});
