// One row of the conversation list. Tap opens the chat, long press asks for the row's actions
// (pin, mute), a swipe to the left reveals them as buttons (pin, mute, delete); the page decides
// what they do. Muted rows show a dot instead of a count.
import { EMPTY_CELL, type ConversationCellView } from './conversation-cell-view';
import { actionsWidthPx, settle, type SwipeAction } from './swipe-actions';
import { withLocale } from '../../utils/locale-binding';
import { tr } from '../../stores/locale';

const idOf = (self: { data: { item: unknown } }) => (self.data.item as ConversationCellView).id;

Component({
  ...withLocale,
  properties: {
    /** What the row shows, prepared by the page (see conversation-cell-view.ts). */
    item: { type: Object, value: EMPTY_CELL },
  },
  // `_dragged`: where the finger left the row (px), from movable-view's change events; pure data
  // (WeChat's pureDataPattern), so following the finger re-renders nothing
  options: { pureDataPattern: /^_/ },
  data: { offset: 0, _dragged: 0, mutedUnread: '' },
  observers: {
    item() {
      this.showMutedUnread();
    },
  },
  lifetimes: {
    attached() {
      this.showMutedUnread();
    },
  },
  methods: {
    /** A muted row with more unread than its dot says: '[3条] ' before the preview. */
    showMutedUnread() {
      const item = this.data.item as ConversationCellView;
      this.setData({ mutedUnread: item.muted && item.unread > 1 ? tr('list_mutedUnread', { n: item.unread }) : '' });
    },
    onTap() {
      // a tap on an open row shuts it, as in WeChat, instead of opening the chat
      if (this.data.offset !== 0) return this.moveTo(0);
      this.triggerEvent('open', { id: idOf(this) });
    },
    onLongPress() {
      this.triggerEvent('actions', { id: idOf(this) });
    },
    onDrag(e: WechatMiniprogram.CustomEvent<{ x: number; source: string }>) {
      if (e.detail.source.startsWith('touch')) this.setData({ _dragged: e.detail.x });
    },
    onRelease() {
      this.moveTo(settle(this.data._dragged, actionsWidthPx(wx.getWindowInfo().windowWidth)));
    },
    onAction(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { action: SwipeAction }>) {
      this.moveTo(0);
      this.triggerEvent('swipe', { id: idOf(this), action: e.currentTarget.dataset.action });
    },
    moveTo(x: number) {
      // movable-view animates on a new x; when the row was dragged away from an x that is already
      // `x`, the same value would not reach it, so it first learns where the finger left it
      if (x === this.data.offset) this.setData({ offset: this.data._dragged });
      this.setData({ offset: x, _dragged: x });
    },
  },
});
