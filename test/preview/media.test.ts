// Pictures on two phones on the real local cloud: an avatar chosen on one phone shows on the other
// (the preview's image resolves cloud:// ids through temp URLs, as WeChat's does), and photos go
// through the chat end to end.
import type { Frame } from 'playwright-core';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { PhoneWindow } from './phone-globals';
import { phone, shot, type PreviewSession, openPhonesOnCloud, type PhonesOnCloud } from './phones';

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
}, 120_000);
afterAll(() => env?.close());

const LIST = '[data-wx-page="pages/conversations/conversations"]:not([hidden])';
const USER = '[data-wx-page="pages/user/user"]:not([hidden])';
const EDIT = '[data-wx-page="pages/profile-edit/profile-edit"]:not([hidden])';
const go = (f: Frame, url: string) => f.evaluate((u) => (window as unknown as PhoneWindow).wx.navigateTo({ url: u }), url);

/** A picture drawn by Chromium's canvas: stripes, so a wrong crop or stretch would show. */
async function picture(width: number, height: number, type: 'image/png' | 'image/jpeg' = 'image/png'): Promise<Buffer> {
  const dataUrl = await session.page.evaluate(
    ([w, h, t]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const g = canvas.getContext('2d')!;
      for (let x = 0; x < w; x += 20) {
        g.fillStyle = (x / 20) % 2 ? '#07c160' : '#fa9d3b';
        g.fillRect(x, 0, 20, h);
      }
      return canvas.toDataURL(t);
    },
    [width, height, type] as const,
  );
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

/** Waits until the <img> under `selector` has loaded a picture from the local cloud's storage. */
async function loadedFromCloud(f: Frame, selector: string): Promise<{ src: string; width: number }> {
  const handle = await f.waitForFunction(
    (sel) => {
      const img = document.querySelector(sel) as HTMLImageElement | null;
      return img && img.complete && img.naturalWidth > 0 && img.src.includes('/download/') ? { src: img.src, width: img.naturalWidth } : null;
    },
    selector,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as { src: string; width: number };
}

test("alice's new avatar shows on bob's phone: her card and the chat list", async () => {
  await go(alice, '/pages/profile-edit/profile-edit');
  await alice.waitForSelector(`${EDIT} .form__avatar`);
  const chooser = session.page.waitForEvent('filechooser');
  await alice.click(`${EDIT} .form__avatar`);
  await (await chooser).setFiles({ name: 'alice.png', mimeType: 'image/png', buffer: await picture(200, 200) });
  await alice.fill(`${EDIT} .form__input`, 'Alice');
  await alice.click(`${EDIT} .form__save`);
  await alice.waitForSelector(LIST);
  const [doc] = await cloud.db.find('users', { _id: 'alice' });
  expect(String(doc.avatarUrl)).toMatch(/^cloud:\/\/.+\/avatars\/alice\//);

  // Bob's phone resolves the cloud:// id as bob (avatars are public to signed-in users).
  await go(bob, '/pages/user/user?openid=alice');
  const card = await loadedFromCloud(bob, `${USER} avatar img`);
  expect(card.width).toBe(200);
  await bob.evaluate(() => (window as unknown as PhoneWindow).wx.navigateBack({ delta: 1 }));

  // A direct chat from alice puts her face in bob's list (the message written as the outbox does).
  await alice.evaluate(async () => {
    const wx = (window as unknown as PhoneWindow).wx;
    await wx.cloud.callFunction({ name: 'conversations', data: { action: 'openDirect', peerId: 'bob' } });
  });
  const { conversationId } = (await cloud.db.find('conversations', { type: 'direct' }))[0] as { conversationId?: string; _id: string } & Record<string, unknown>;
  void conversationId;
  await alice.evaluate(async () => {
    const wx = (window as unknown as PhoneWindow).wx;
    const res = (await wx.cloud.callFunction({ name: 'conversations', data: { action: 'openDirect', peerId: 'bob' } })) as { result: { data: { conversationId: string } } };
    const db = wx.cloud.database() as unknown as { collection(n: string): { add(o: unknown): Promise<unknown> }; serverDate(): unknown };
    const _id = `hello${Date.now().toString(36)}`;
    await db
      .collection('messages')
      .add({ data: { _id, conversationId: res.result.data.conversationId, type: 'text', content: { text: 'hi' }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
    await wx.cloud.callFunction({ name: 'deliver', data: { messageId: _id } });
  });
  await bob.waitForSelector(`${LIST} conversation-cell >> text=hi`);
  await loadedFromCloud(bob, `${LIST} conversation-cell avatar img`);
  await shot(bob, 'media-avatar-in-list');
});
