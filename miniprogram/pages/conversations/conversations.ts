// The conversation list (tab 1): live rows from the conversations store (pinned first, then by
// activity), the tab bar badge from the total unread, pin/mute on long press and pin/mute/delete
// on a swipe, pull down to refresh, an "offline" banner over the cached list. Rows change by path: one new message re-sends one row, not the list.
import { autorun } from 'mobx-miniprogram';
import type { Messaging } from '../../services/messaging';
import type { ConversationRow } from '../../stores/conversations';
import type { ConversationCellView } from '../../components/conversation-cell/conversation-cell-view';
import type { SwipeAction } from '../../components/conversation-cell/swipe-actions';
import { appMessaging } from '../../root';
import { listTimeLabel } from '../../utils/chat-time';
import { routes } from '../../utils/routes';

export const CONVERSATIONS_TAB = 0;

interface ListState {
  messaging: Messaging;
  dispose: Array<() => void>;
  shown: string[];
}

function cellOf(row: ConversationRow, messaging: Messaging, now: number): ConversationCellView {
  const last = messaging.conversations.conversations[row.id]?.lastMessage;
  const sender = row.type === 'group' && last?.senderName && last.senderId !== messaging.me.openid ? `${last.senderName}: ` : '';
  return {
    id: row.id,
    name: row.title || (row.type === 'group' ? '群聊' : '聊天'),
    avatarUrl: row.avatarUrl,
    preview: row.preview ? sender + row.preview : '',
    timeLabel: listTimeLabel(row.lastActivity, now),
    unread: row.unread,
    pinned: row.pinned,
    muted: row.muted,
  };
}

Page({
  state: null as ListState | null,
  data: {
    conversations: [] as ConversationCellView[],
    offline: false,
    loaded: false,
  },

  async onLoad() {
    wx.onNetworkStatusChange?.((res) => this.setData({ offline: !res.isConnected }));
    wx.getNetworkType?.({ success: (res) => this.setData({ offline: res.networkType === 'none' }) });
    try {
      this.attach(await appMessaging());
    } catch {
      // first launch offline with nothing cached: the empty state says what to do
      this.setData({ loaded: true });
    }
  },

  attach(messaging: Messaging) {
    const state: ListState = { messaging, dispose: [], shown: [] };
    this.state = state;
    state.dispose.push(autorun(() => this.render(messaging.conversations.rows)));
    state.dispose.push(
      autorun(() => {
        const text = messaging.conversations.badgeText;
        if (text) void wx.setTabBarBadge({ index: CONVERSATIONS_TAB, text });
        else void wx.removeTabBarBadge({ index: CONVERSATIONS_TAB });
      }),
    );
  },

  onShow() {
    // time labels are relative to today: refresh them when coming back
    if (this.state) this.render(this.state.messaging.conversations.rows);
  },

  onUnload() {
    this.state?.dispose.forEach((d) => d());
    this.state = null;
  },

  /** Sends only the rows that changed; the whole list only when rows came or went. */
  render(rows: ConversationRow[]) {
    const s = this.state;
    if (!s) return;
    const now = Date.now();
    const cells = rows.map((r) => cellOf(r, s.messaging, now));
    const json = cells.map((c) => JSON.stringify(c));
    const patch: Record<string, unknown> = {};
    if (cells.length !== s.shown.length) patch.conversations = cells;
    else
      json.forEach((j, i) => {
        if (j !== s.shown[i]) patch[`conversations[${i}]`] = cells[i];
      });
    s.shown = json;
    if (!this.data.loaded) patch.loaded = true;
    if (Object.keys(patch).length) this.setData(patch);
  },

  onOpen(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
    const cell = this.data.conversations.find((c) => c.id === e.detail.id);
    void wx.navigateTo({ url: routes.chat(e.detail.id, cell?.name) });
  },

  async onActions(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
    const s = this.state;
    const cell = this.data.conversations.find((c) => c.id === e.detail.id);
    if (!s || !cell) return;
    const choices = [
      { label: cell.pinned ? '取消置顶' : '置顶聊天', prefs: { pinned: !cell.pinned } },
      { label: cell.muted ? '开启消息提醒' : '消息免打扰', prefs: { muted: !cell.muted } },
    ];
    let tapIndex: number;
    try {
      ({ tapIndex } = await wx.showActionSheet({ itemList: choices.map((c) => c.label) }));
    } catch {
      return; // cancelled
    }
    const choice = choices[tapIndex];
    if (!choice) return;
    try {
      await s.messaging.setPreferences(cell.id, choice.prefs);
    } catch {
      void wx.showToast({ title: '设置失败，请稍后再试', icon: 'none' });
    }
  },

  /** A swiped row's button: pin / mute toggle the row's preference, delete takes it off my list. */
  async onSwipe(e: WechatMiniprogram.CustomEvent<{ id: string; action: SwipeAction }>) {
    const s = this.state;
    const cell = this.data.conversations.find((c) => c.id === e.detail.id);
    if (!s || !cell) return;
    try {
      if (e.detail.action === 'delete') await s.messaging.hideConversation(cell.id);
      else await s.messaging.setPreferences(cell.id, e.detail.action === 'pin' ? { pinned: !cell.pinned } : { muted: !cell.muted });
    } catch {
      void wx.showToast({ title: '设置失败，请稍后再试', icon: 'none' });
    }
  },

  onDiscover() {
    void wx.switchTab({ url: '/pages/discover/discover' });
  },

  onSearch() {
    void wx.showToast({ title: '搜索即将上线', icon: 'none' });
  },

  onPullDownRefresh() {
    const done = () => void wx.stopPullDownRefresh();
    if (!this.state) return done();
    this.state.messaging.refreshList().then(done, () => {
      done();
      void wx.showToast({ title: '刷新失败，请稍后再试', icon: 'none' });
    });
  },
});
