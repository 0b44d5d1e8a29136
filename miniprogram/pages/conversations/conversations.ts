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
import { isDeletedAccount } from '../../../domain/ids';
import type { ConversationDoc } from '../../stores/conversations';
import { locale, tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { retitleTabs } from '../../services/language';
import { nameText } from '../../utils/profiles';
import { isMedia, mediaLine, nameInPreview } from '../../utils/previews';

export const CONVERSATIONS_TAB = 0;

interface ListState {
  messaging: Messaging;
  dispose: Array<() => void>;
  shown: string[];
}

type LastMessage = NonNullable<ConversationDoc['lastMessage']>;

/**
 * The last message's line in the reader's language: media by type (the stored preview is the
 * server's "[Photo]"; a file or place keeps its name after the bracket), a deleted account's
 * erased message by its tombstone; text and system lines as stored.
 */
function previewText(last: LastMessage | undefined, stored: string): string {
  if (!last || !stored) return stored;
  if (!last.id && isDeletedAccount(last.senderId)) return tr('preview_deleted');
  return isMedia(last.type) ? mediaLine(last.type!, nameInPreview(stored)) : stored;
}

function cellOf(row: ConversationRow, messaging: Messaging, now: number): ConversationCellView {
  const last = messaging.conversations.conversations[row.id]?.lastMessage ?? undefined;
  // a group that is no longer mine says why (你已被移出群聊 / 该群已解散), not its last message
  if (row.departed)
    return {
      id: row.id,
      name: row.title || tr('common_group'),
      avatarUrl: row.avatarUrl,
      preview: tr(row.departed === 'removed' ? 'departed_removed' : 'departed_dissolved'),
      timeLabel: listTimeLabel(row.lastActivity, now),
      unread: 0,
      pinned: false,
      muted: false,
    };
  const preview = previewText(last, row.preview);
  const showSender = row.type === 'group' && last?.senderId && last.senderName && last.senderId !== messaging.me.openid && last.type !== 'system';
  return {
    id: row.id,
    name: row.title || tr(row.type === 'group' ? 'common_group' : 'common_chat'),
    avatarUrl: row.avatarUrl,
    preview: preview && showSender ? tr('list_senderPreview', { name: nameText(last.senderId!, last.senderName), text: preview }) : preview,
    timeLabel: listTimeLabel(row.lastActivity, now),
    unread: row.unread,
    pinned: row.pinned,
    muted: row.muted,
  };
}

Page({
  ...withLocale,
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
    // rows are words too (previews, names): a language switch redraws them
    state.dispose.push(autorun(() => this.render(messaging.conversations.rows, locale.lang)));
    state.dispose.push(
      autorun(() => {
        const text = messaging.conversations.badgeText;
        if (text) void wx.setTabBarBadge({ index: CONVERSATIONS_TAB, text });
        else void wx.removeTabBarBadge({ index: CONVERSATIONS_TAB });
      }),
    );
  },

  onShow() {
    showTitle('title_conversations');
    retitleTabs();
    // time labels are relative to today: refresh them when coming back
    if (this.state) this.render(this.state.messaging.conversations.rows);
  },

  onUnload() {
    this.state?.dispose.forEach((d) => d());
    this.state = null;
  },

  /** Sends only the rows that changed; the whole list only when rows came or went. */
  render(rows: ConversationRow[], _lang?: string) {
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
      { label: tr(cell.pinned ? 'list_unpin' : 'list_pin'), prefs: { pinned: !cell.pinned } },
      { label: tr(cell.muted ? 'list_unmute' : 'list_mute'), prefs: { muted: !cell.muted } },
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
      void wx.showToast({ title: tr('list_prefsFailed'), icon: 'none' });
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
      void wx.showToast({ title: tr('list_prefsFailed'), icon: 'none' });
    }
  },

  onDiscover() {
    void wx.switchTab({ url: '/pages/discover/discover' });
  },

  onSearch() {
    void wx.showToast({ title: tr('list_searchSoon'), icon: 'none' });
  },

  onPullDownRefresh() {
    const done = () => void wx.stopPullDownRefresh();
    if (!this.state) return done();
    this.state.messaging.refreshList().then(done, () => {
      done();
      void wx.showToast({ title: tr('list_refreshFailed'), icon: 'none' });
    });
  },
});
