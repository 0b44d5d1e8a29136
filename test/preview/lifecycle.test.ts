// Switching away from WeChat and back: the preview drives App.onHide/onShow, wx.onAppHide/onAppShow
// and the page's onHide/onShow, and the app answers as a mini program must: no watch stays open
// in the background, and they come back (with what was missed) in the foreground.
import type { LocalCloud } from '../../localcloud/src/cloud';
import { phone, type PreviewSession, openPhonesOnCloud, type PhonesOnCloud } from './phones';
import type { PhoneWindow } from './phone-globals';

let cloud: LocalCloud;
let session: PreviewSession;
let env: PhonesOnCloud | undefined;

async function until<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  env = await openPhonesOnCloud('demo-alice:Alice', { seed: true });
  ({ cloud, session } = env);
});

afterAll(() => env?.close());

it('closes every watch in the background and resumes live updates in the foreground', async () => {
  const alice = await phone(session.page, 'demo-alice');
  await alice.waitForSelector('text=Hiking Club');
  const watching = await until(
    () => cloud.realtime.stats().watches,
    (n) => n > 0,
    'the conversation list to watch',
  );
  expect(watching).toBeGreaterThan(0);

  await alice.evaluate(() => (window as unknown as PhoneWindow).__preview!.lifecycle.background());
  await until(
    () => cloud.realtime.stats().watches,
    (n) => n === 0,
    'watches to close in the background',
  );

  // Something happens while the app is away: a new message in a group Alice belongs to.
  const [hiking] = await cloud.db.find('conversations', { name: 'Hiking Club 徒步俱乐部' });
  await cloud.db.insert('messages', [
    { _id: 'bgmessage0001', _openid: 'demo-bob', conversationId: hiking._id, type: 'text', content: { text: 'While you were away' }, status: 'pending', clientTime: Date.now(), writtenAt: new Date() },
  ]);
  const delivered = (await cloud.functions.invoke('deliver', { messageId: 'bgmessage0001' }, { openid: 'demo-bob', appid: 'wxdemo', source: 'wx_client' })) as { ok: boolean };
  expect(delivered.ok).toBe(true);

  await alice.evaluate(() => (window as unknown as PhoneWindow).__preview!.lifecycle.foreground());
  await until(
    () => cloud.realtime.stats().watches,
    (n) => n > 0,
    'watches to reopen in the foreground',
  );
  await alice.waitForSelector('text=While you were away');
  expect(await alice.evaluate(() => (window as unknown as PhoneWindow).__previewErrors)).toEqual([]);
});
