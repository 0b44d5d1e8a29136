// The chat page's safety and reach: "举报" in the long-press menu for others' messages, the blocked
// bubble (reason shown, no resend), the timeline's slow-mode countdown bound to the input bar, and the
// "notify me" offer (quiet group, mention; once a day per conversation).
import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { RoomTimeline, type LocalEcho, type TimelineMessage } from '../../../stores/timeline';
import type { MessageDoc } from '../../../../domain/messages';
import { setAppSafety, type AppSafety } from '../../../root';
import { QUIET_AFTER_MS, type AskStore } from '../../../utils/consent-moments';
import { ConsentAsk, lastOthersAt, reportMessageUrl } from '../chat-safety';
import { stubChatWx } from './wx-stubs';

const storage = stubChatWx();

const T0 = Date.now() - 2 * QUIET_AFTER_MS;
const doc = (seq: number, from: string, extra: Partial<MessageDoc> = {}): MessageDoc => ({
  _id: `msg${seq}`,
  _openid: from,
  conversationId: 'c1',
  type: 'text',
  content: { text: `m${seq}` },
  status: 'visible',
  seq,
  clientTime: T0 + seq,
  writtenAt: new Date(T0),
  createdAt: new Date(T0 + seq),
  ...extra,
});

const echo = (id: string, over: Partial<LocalEcho>): LocalEcho => ({
  id,
  conversationId: 'c1',
  senderId: 'alice',
  type: 'text',
  content: { text: id },
  clientTime: Date.now(),
  afterSeq: 2,
  state: 'sending',
  ...over,
});

function setup() {
  const store = new RoomTimeline({ conversationId: 'c1', myOpenid: 'alice', direct: false });
  store.applyServer([doc(1, 'bob'), doc(2, 'alice')], 'initial');
  const room = {
    timeline: store,
    conversationId: 'c1',
    info: { conversationId: 'c1', type: 'group' },
    send: jest.fn(),
    resend: jest.fn(),
    loadOlder: jest.fn(async () => 0),
    reportVisible: jest.fn(),
    refreshReadCount: jest.fn(async () => undefined),
    close: jest.fn(),
  };
  const messaging = {
    me: { openid: 'alice', profile: { _id: 'alice', nickname: 'Alice', avatarUrl: '' } },
    conversations: { peers: { bob: { _id: 'bob', nickname: 'Bob 王', avatarUrl: '' } }, applyPeers: jest.fn(), members: {}, conversations: {} },
    cloud: { query: jest.fn(async () => []), command: { in: (v: unknown) => v } },
  };
  const page = renderUnit('pages/chat/chat');
  (page.instance as unknown as { attach(m: unknown, r: unknown): void }).attach(messaging, room);
  return { page, store, room };
}
const call = (page: ReturnType<typeof renderUnit>, name: string, ...args: unknown[]) => (page.instance as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);

function fakeNotifications() {
  const notifications = { loadTemplates: jest.fn(async () => undefined), requestConsent: jest.fn(async () => ({ accepted: true, results: {}, credits: {} })) };
  setAppSafety({ notifications } as unknown as AppSafety);
  return notifications;
}

describe('chat page: safety and reach', () => {
  beforeEach(() => storage.clear());
  afterEach(() => setAppSafety(null));

  it("offers 举报 for others' messages only, and opens the report page with the message", async () => {
    const { page } = setup();
    const sheet = wx.showActionSheet as jest.Mock;
    sheet.mockResolvedValueOnce({ tapIndex: 3 });
    await call(page, 'onMenu', { detail: { id: 'msg1' } });
    expect(sheet.mock.calls.at(-1)[0].itemList).toEqual(['复制', '回复', '删除（仅自己）', '举报']);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: reportMessageUrl('msg1', 'Bob 王', 'm1') });
    expect(reportMessageUrl('msg1', 'Bob 王', 'm1')).toBe(`/packageSafety/report/report?messageId=msg1&name=${encodeURIComponent('Bob 王')}&preview=m1`);
    sheet.mockRejectedValueOnce(new Error('cancel'));
    await call(page, 'onMenu', { detail: { id: 'msg2' } });
    expect(sheet.mock.calls.at(-1)[0].itemList).toEqual(['复制', '回复', '删除（仅自己）']);
  });

  it('marks my blocked message with its reason and never offers it for resend', async () => {
    const { page, store } = setup();
    // the deliver outcome's code reaches the outbox's entry; the English reason is never read
    store.applyLocal(echo('msg3', { state: 'blocked', reason: { code: 'CONTENT_CHECK', details: { label: 20001 } } }));
    await simulate.sleep(0);
    const row = (page.data.messages as Array<{ id: string; state: string; note: string }>).find((m) => m.id === 'msg3')!;
    expect(row.state).toBe('blocked');
    expect(row.note).toBe('已拦截：未通过微信内容安全检测');
    // the bubble emits resend for failed messages only (chat-message's own test); the e2e shows it
  });

  it("replaces someone else's message a moderator removed with a notice", async () => {
    const { page, store } = setup();
    store.applyServer([doc(1, 'bob', { status: 'blocked', blockReason: 'removed by a moderator' })], 'live');
    await simulate.sleep(0);
    const row = (page.data.messages as Array<{ id: string; kind: string; text: string }>).find((m) => m.id === 'msg1')!;
    expect(row).toMatchObject({ kind: 'system', text: '一条消息已被管理员移除' });
  });

  it("binds the timeline's slow-mode countdown to the input bar", async () => {
    const { page, store } = setup();
    const until = Date.now() + 12_000;
    store.applyLocal(echo('o1', { state: 'sent', errorCode: 'RATE_LIMITED', retryAt: until, waitLimit: 'slow_mode' }));
    await simulate.sleep(0);
    expect(page.data.waitText).toBe('慢速模式：请等待 12 秒');
    expect(page.querySelector('.chat__input')!.querySelector('.bar__wait')!.dom!.textContent).toBe('慢速模式：请等待 12 秒');
    store.applyLocal(echo('o1', { state: 'visible', seq: 3 }));
    await simulate.sleep(0);
    expect(page.data.waitText).toBe('');
    expect(page.querySelector('.chat__input')!.querySelector('.bar__wait')).toBeUndefined();
  });

  it('after my message in a quiet group, offers "notify me" once; the tap asks WeChat', async () => {
    const n = fakeNotifications();
    const { page, room } = setup();
    call(page, 'onSend', { detail: { text: 'anyone hiking Sunday?' } });
    expect(room.send).toHaveBeenCalled();
    await simulate.sleep(0);
    expect(page.data.ask).toContain('有人回复时');
    await call(page, 'onAskAccept');
    expect(n.requestConsent).toHaveBeenCalledWith(['messages']);
    expect(page.data.ask).toBe('');
    call(page, 'onSend', { detail: { text: 'again' } });
    await simulate.sleep(0);
    expect(page.data.ask).toBe(''); // once a day per conversation
  });

  it('offers it when someone mentions me', async () => {
    fakeNotifications();
    const { page, store } = setup();
    store.applyServer([doc(4, 'bob', { mentions: ['alice'] })], 'live');
    await simulate.sleep(0);
    expect(page.data.ask).toContain('被@时');
    call(page, 'onAskDismiss');
    expect(page.data.ask).toBe('');
  });
});

describe('consent moments', () => {
  const mem = (): AskStore => {
    const m = new Map<string, unknown>();
    return { get: (k) => m.get(k) ?? '', set: (k, v) => void m.set(k, v) };
  };
  const item = (mine: boolean, time: number) => ({ mine, time, clientTime: time }) as TimelineMessage;

  it('asks in quiet groups only, at most once a day', async () => {
    const shown: string[] = [];
    let now = 10 * QUIET_AFTER_MS;
    const services = async () => ({ notifications: { loadTemplates: async () => undefined } as never });
    const store = mem();
    const direct = new ConsentAsk({ me: 'a', conversationId: 'd', isGroup: false, show: (t) => shown.push(t), store, now: () => now, services });
    direct.afterSend([item(false, 0)]);
    const group = new ConsentAsk({ me: 'a', conversationId: 'g', isGroup: true, show: (t) => shown.push(t), store, now: () => now, services });
    group.afterSend([item(false, now - 60_000)]); // lively: someone wrote a minute ago
    await simulate.sleep(0);
    expect(shown).toEqual([]);
    group.afterSend([item(false, now - QUIET_AFTER_MS), item(true, now - 1000)]);
    await simulate.sleep(0);
    expect(shown).toHaveLength(1);
    group.dismiss();
    now += 23 * 3600_000;
    group.afterSend([]);
    await simulate.sleep(0);
    expect(shown.filter(Boolean)).toHaveLength(1);
    now += 3600_000;
    group.afterSend([]);
    await simulate.sleep(0);
    expect(shown.filter(Boolean)).toHaveLength(2);
    expect(lastOthersAt([item(false, 5), item(true, 9)])).toBe(5);
  });
});
