// The list page on the engine's real ConversationsStore (hydrated as from the cache), no cloud.
import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { createConversationsStore, type ConversationsStore } from '../../../stores/conversations';

Object.assign(wx, {
  setTabBarBadge: jest.fn(() => Promise.resolve()),
  removeTabBarBadge: jest.fn(() => Promise.resolve()),
  showActionSheet: jest.fn(),
});

const now = Date.now();
// The required fields the list does not read, so that the fixtures are whole stored documents.
const stored = { visibility: 'public', memberCount: 2, createdAt: new Date(now - 86_400_000), updatedAt: new Date(now - 86_400_000) } as const;
const membership = { role: 'member', mutedUntil: 0, joinedAt: new Date(now - 86_400_000) } as const;
function fakeMessaging(store: ConversationsStore) {
  return {
    me: { openid: 'alice', profile: { _id: 'alice', nickname: 'Alice', avatarUrl: '' } },
    conversations: store,
    setPreferences: jest.fn(async () => undefined),
    hideConversation: jest.fn(async () => undefined),
  };
}
function hydrated() {
  const store = createConversationsStore();
  store.setUser('alice');
  store.hydrate({
    conversations: {
      g1: {
        _id: 'g1',
        type: 'group',
        name: '读书会',
        seq: 12,
        lastMessage: { id: 'x', seq: 12, senderId: 'bob', senderName: 'Bob', type: 'text', preview: '明天见', createdAt: new Date(now - 60_000) },
        ...stored,
      },
      g2: {
        _id: 'g2',
        type: 'group',
        name: '跑步',
        seq: 4,
        lastMessage: { id: 'y', seq: 4, senderId: 'carol', senderName: 'Carol', type: 'text', preview: '早', createdAt: new Date(now - 30_000) },
        ...stored,
      },
      d1: {
        _id: 'd1',
        type: 'direct',
        directKey: 'alice|bob',
        seq: 3,
        lastMessage: { id: 'z', seq: 3, senderId: 'alice', type: 'text', preview: '在吗', createdAt: new Date(now - 120_000) },
        ...stored,
      },
    },
    members: {
      g1: { _id: 'g1_alice', conversationId: 'g1', openid: 'alice', lastReadSeq: 10, lastDeliveredSeq: 0, ...membership },
      g2: { _id: 'g2_alice', conversationId: 'g2', openid: 'alice', lastReadSeq: 1, lastDeliveredSeq: 0, ...membership, muted: true },
      d1: { _id: 'd1_alice', conversationId: 'd1', openid: 'alice', lastReadSeq: 3, lastDeliveredSeq: 0, ...membership, pinned: true },
    },
    peers: { bob: { _id: 'bob', nickname: 'Bob', avatarUrl: '' } },
  });
  return store;
}
function open(store?: ConversationsStore) {
  const page = renderUnit('pages/conversations/conversations');
  const setData = jest.spyOn(page.instance, 'setData');
  if (store) (page.instance as unknown as { attach(m: unknown): void }).attach(fakeMessaging(store));
  else page.instance.setData({ loaded: true });
  return { page, setData };
}
type Cell = { id: string; name: string; preview: string; unread: number; pinned: boolean; muted: boolean; timeLabel: string };
const cells = (page: ReturnType<typeof renderUnit>) => page.data.conversations as Cell[];

describe('conversations page', () => {
  it('shows the empty state and sends people to discover', async () => {
    const { page } = open();
    const empty = page.querySelector('#empty')!;
    expect(empty.querySelector('.empty__title')!.dom!.textContent).toBe('还没有会话');
    empty.querySelector('.empty__action')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/discover/discover' });
  });

  it('lists pinned first then by activity, with sender previews, unread and muted rules', () => {
    const { page } = open(hydrated());
    expect(cells(page).map((c) => c.id)).toEqual(['d1', 'g2', 'g1']);
    const [d1, g2, g1] = cells(page);
    expect(d1).toMatchObject({ name: 'Bob', preview: '在吗', unread: 0, pinned: true });
    expect(g1).toMatchObject({ preview: 'Bob: 明天见', unread: 2, muted: false });
    expect(g2).toMatchObject({ unread: 3, muted: true });
    expect(g1.timeLabel).toMatch(/^\d\d:\d\d$|^昨天$/);
    expect(page.querySelectorAll('.list__cell')).toHaveLength(3);
    expect(page.querySelector('#empty')).toBeUndefined();
  });

  it('puts the unread total of unmuted conversations on the tab bar, and removes it at zero', () => {
    const store = hydrated();
    open(store);
    expect(wx.setTabBarBadge).toHaveBeenLastCalledWith({ index: 0, text: '2' });
    store.markRead('g1', 12);
    expect(wx.removeTabBarBadge).toHaveBeenLastCalledWith({ index: 0 });
  });

  it('updates one row by path when a message arrives', () => {
    const store = hydrated();
    const { page, setData } = open(store);
    setData.mockClear();
    const g1 = store.conversations.g1;
    // a new message in g1 moves it above g2 (both unpinned): two rows change, not the list
    store.applyConversations([{ ...g1, seq: 13, lastMessage: { ...g1.lastMessage!, seq: 13, preview: '好', createdAt: new Date(now) } }]);
    const patch = setData.mock.calls[0][0] as Record<string, unknown>;
    expect(Object.keys(patch).sort()).toEqual(['conversations[1]', 'conversations[2]']);
    expect(cells(page)[1]).toMatchObject({ id: 'g1', preview: 'Bob: 好', unread: 3 });
  });

  it('opens a chat on tap; pins and mutes from the long-press sheet', async () => {
    const store = hydrated();
    const { page } = open(store);
    const messaging = (page.instance as unknown as { state: { messaging: ReturnType<typeof fakeMessaging> } }).state.messaging;
    const call = (name: string, detail: unknown) => (page.instance as unknown as Record<string, (e: unknown) => Promise<void>>)[name]({ detail });
    await call('onOpen', { id: 'g1' });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/chat/chat?id=g1&title=${encodeURIComponent('读书会')}` });
    (wx.showActionSheet as jest.Mock).mockResolvedValueOnce({ tapIndex: 0 });
    await call('onActions', { id: 'g1' });
    expect((wx.showActionSheet as jest.Mock).mock.calls[0][0].itemList).toEqual(['置顶聊天', '消息免打扰']);
    expect(messaging.setPreferences).toHaveBeenLastCalledWith('g1', { pinned: true });
    (wx.showActionSheet as jest.Mock).mockResolvedValueOnce({ tapIndex: 1 });
    await call('onActions', { id: 'g2' });
    expect(messaging.setPreferences).toHaveBeenLastCalledWith('g2', { muted: false });
  });

  it('acts on a swiped row: pin and mute toggle, delete takes it off my list through the function', async () => {
    const store = hydrated();
    const { page } = open(store);
    const messaging = (page.instance as unknown as { state: { messaging: ReturnType<typeof fakeMessaging> } }).state.messaging;
    const swipe = (id: string, action: string) => (page.instance as unknown as { onSwipe(e: unknown): Promise<void> }).onSwipe({ detail: { id, action } });
    await swipe('d1', 'pin');
    expect(messaging.setPreferences).toHaveBeenLastCalledWith('d1', { pinned: false });
    await swipe('g1', 'mute');
    expect(messaging.setPreferences).toHaveBeenLastCalledWith('g1', { muted: true });
    await swipe('g2', 'delete');
    expect(messaging.hideConversation).toHaveBeenLastCalledWith('g2');
  });

  it('leaves out a conversation deleted at its current seq, and brings it back with the next message counting only what is new', () => {
    const store = hydrated();
    const { page } = open(store);
    store.applyMembers([{ ...store.members.g2, hiddenSeq: 4 }], false);
    expect(cells(page).map((c) => c.id)).toEqual(['d1', 'g1']);
    const g2 = store.conversations.g2;
    store.applyConversations([{ ...g2, seq: 5, lastMessage: { ...g2.lastMessage!, seq: 5, preview: '在', createdAt: new Date(now) } }]);
    expect(cells(page).map((c) => c.id)).toEqual(['d1', 'g2', 'g1']);
    expect(cells(page)[1]).toMatchObject({ id: 'g2', unread: 1 });
  });
});
