// The chat page on the real room timeline, with a fake room around it (no cloud).
import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { RoomTimeline } from '../../../stores/timeline';
import type { MessageDoc } from '../../../../domain/messages';
import type { OutboxEntry } from '../../../services/outbox';
import { stubChatWx } from './wx-stubs';

const storage = stubChatWx();

const T0 = Date.now() - 60 * 60_000;
const doc = (seq: number, from = 'bob', text = `m${seq}`): MessageDoc => ({
  _id: `msg${seq}`,
  _openid: from,
  conversationId: 'c1',
  type: 'text',
  content: { text },
  status: 'visible',
  seq,
  clientTime: T0 + seq * 1000,
  writtenAt: new Date(T0),
  createdAt: new Date(T0 + seq * 1000),
});

function setup(type: 'direct' | 'group' = 'direct', history = 5) {
  const store = new RoomTimeline({ conversationId: 'c1', myOpenid: 'alice', direct: type === 'direct' });
  store.applyServer(
    Array.from({ length: history }, (_, i) => doc(i + 1, i % 2 ? 'alice' : 'bob')),
    'initial',
  );
  let n = 0;
  const room = {
    timeline: store,
    conversationId: 'c1',
    info: { conversationId: 'c1', type, peerId: type === 'direct' ? 'bob' : undefined },
    send: jest.fn((draft: { text: string; replyTo?: string }) => {
      const entry = {
        id: `local${++n}`,
        conversationId: 'c1',
        senderId: 'alice',
        type: 'text',
        content: { text: draft.text },
        replyTo: draft.replyTo,
        clientTime: Date.now(),
        afterSeq: store.lastSeq,
        state: 'sending',
        written: false,
        attempts: 0,
        serverFailures: 0,
      } as OutboxEntry;
      store.applyLocal(entry);
      return entry;
    }),
    resend: jest.fn(),
    loadOlder: jest.fn(async () => 0),
    reportVisible: jest.fn(),
    close: jest.fn(),
    // the count the readers function would answer for my newest message
    refreshReadCount: jest.fn(async () => {
      const mine = store.newestOwnPublished();
      if (mine) store.setReadCount(mine.id, 2);
    }),
  };
  const messaging = {
    me: { openid: 'alice', profile: { _id: 'alice', nickname: 'Alice', avatarUrl: '' } },
    conversations: {
      peers: { bob: { _id: 'bob', nickname: 'Bob', avatarUrl: '' } } as Record<string, unknown>,
      applyPeers: jest.fn(),
      conversations: { c1: { name: 'Hiking Club', memberCount: 4 } } as Record<string, unknown>,
    },
    cloud: { query: jest.fn(async () => []), command: { in: (v: unknown) => v } },
  };
  const page = renderUnit('pages/chat/chat');
  const setData = jest.spyOn(page.instance, 'setData');
  (page.instance as unknown as { attach(m: unknown, r: unknown): void }).attach(messaging, room);
  return { page, store, room, setData };
}
const rows = (page: ReturnType<typeof renderUnit>) => page.data.messages as Array<{ id: string; state: string; own: boolean; hidden: boolean; text: string }>;
const call = (page: ReturnType<typeof renderUnit>, name: string, ...args: unknown[]) => (page.instance as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);

describe('chat page', () => {
  beforeEach(() => storage.clear());

  it('renders the room: own on the right, others on the left, and reports what was read', async () => {
    const { page, room } = setup();
    expect(rows(page).map((r) => r.own)).toEqual([false, true, false, true, false]);
    expect(page.querySelectorAll('.chat__row')).toHaveLength(5);
    call(page, 'onShow');
    expect(room.reportVisible).toHaveBeenLastCalledWith(5);
  });

  it('adds an incoming message by one path, never re-sending the list', async () => {
    const { page, store, setData, room } = setup('direct', 30);
    setData.mockClear();
    store.applyServer([doc(31)], 'live');
    expect(setData).toHaveBeenCalledTimes(1);
    const patch = setData.mock.calls[0][0] as Record<string, unknown>;
    expect(Object.keys(patch).filter((k) => k.startsWith('messages'))).toEqual(['messages[30]']);
    expect(rows(page)).toHaveLength(31);
    expect(room.reportVisible).toHaveBeenLastCalledWith(31); // at the bottom: read at once
  });

  it('counts new messages in a pill when the reader scrolled up, and jumps back on tap', async () => {
    const { page, store, room } = setup('direct', 30);
    call(page, 'onScroll', { detail: { scrollTop: 0, scrollHeight: 3000 } });
    room.reportVisible.mockClear();
    store.applyServer([doc(31), doc(32)], 'live');
    expect(page.data.pill).toBe(2);
    expect(room.reportVisible).not.toHaveBeenCalled();
    call(page, 'onPill');
    expect(page.data.pill).toBe(0);
    expect(room.reportVisible).toHaveBeenLastCalledWith(32);
  });

  it('sends from the input bar, shows the echo with a spinner, then the ticks as the timeline moves', async () => {
    const { page, store, room } = setup();
    call(page, 'onSend', { detail: { text: '你好' } });
    expect(room.send).toHaveBeenCalledWith({ text: '你好' });
    const last = () => rows(page)[rows(page).length - 1];
    expect(last()).toMatchObject({ id: 'local1', own: true, state: 'sending', text: '你好' });
    expect(page.data.scrollTo).toBe(page.data.bottomId);
    store.applyServer([{ ...doc(6, 'alice', '你好'), _id: 'local1' }], 'live');
    expect(last().state).toBe('visible');
    expect(page.querySelectorAll('.chat__row').length).toBe(6); // the echo became the published row
    store.setPeerReceipts(6, 0);
    expect(last().state).toBe('delivered');
    store.setPeerReceipts(6, 6);
    expect(last().state).toBe('read');
  });

  it('long press: copy, reply (sent with replyTo), delete for me (persisted)', async () => {
    const { page, room } = setup();
    const sheet = wx.showActionSheet as jest.Mock;
    sheet.mockResolvedValueOnce({ tapIndex: 0 });
    await call(page, 'onMenu', { detail: { id: 'msg1' } });
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'm1' });

    sheet.mockResolvedValueOnce({ tapIndex: 1 });
    await call(page, 'onMenu', { detail: { id: 'msg1' } });
    expect(page.data.reply).toEqual({ name: 'Bob', text: 'm1' });
    call(page, 'onSend', { detail: { text: '好的' } });
    expect(room.send).toHaveBeenLastCalledWith({ text: '好的', replyTo: 'msg1' });
    expect(page.data.reply).toBeNull();

    sheet.mockResolvedValueOnce({ tapIndex: 2 });
    await call(page, 'onMenu', { detail: { id: 'msg3' } });
    expect(rows(page)[2].hidden).toBe(true);
    expect(storage.get('hidden:alice:c1')).toEqual(['msg3']);
    // a new page for the same conversation keeps it hidden
    const again = setup();
    expect(rows(again.page)[2].hidden).toBe(true);
  });

  it('resends a failed message and opens the readers page and member cards', async () => {
    const { page, room } = setup('group');
    call(page, 'onResend', { detail: { id: 'x1' } });
    expect(room.resend).toHaveBeenCalledWith('x1');
    call(page, 'onReaders', { detail: { id: 'msg2' } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/readers/readers?conversationId=c1&seq=2' });
    call(page, 'onProfile', { detail: { openid: 'bob' } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/user/user?openid=bob' });
  });

  it("titles a group chat with the group's name, though the link that opened it had no title", () => {
    (wx.setNavigationBarTitle as jest.Mock).mockClear();
    const { page } = setup('group');
    expect(wx.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: 'Hiking Club' });
    expect(page.data.memberLine).toBe('4 位成员');
  });

  it('shows "read by k" on my newest message in groups', async () => {
    jest.useFakeTimers();
    try {
      const { page, store } = setup('group');
      store.applyServer([doc(6, 'alice')], 'live');
      jest.advanceTimersByTime(1000);
      jest.useRealTimers();
      await simulate.sleep(0);
      expect((rows(page)[5] as unknown as { readLabel: string }).readLabel).toBe('2人已读');
    } finally {
      jest.useRealTimers();
    }
  });

  it('loads older messages at the top and keeps the old first row in view', async () => {
    const { page, store, room } = setup('direct', 0);
    store.applyServer(
      Array.from({ length: 20 }, (_, i) => doc(i + 3)),
      'initial',
    );
    room.loadOlder.mockImplementation(async () => {
      store.applyServer([doc(1), doc(2)], 'older');
      return 2;
    });
    await call(page, 'onScrollToUpper');
    expect(room.loadOlder).toHaveBeenCalled();
    expect(
      rows(page)
        .slice(0, 3)
        .map((r) => r.id),
    ).toEqual(['msg1', 'msg2', 'msg3']);
    expect(page.data.scrollTo).toBe('mmsg3');
  });
});
