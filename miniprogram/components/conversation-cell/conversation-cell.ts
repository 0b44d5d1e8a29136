// One row of the conversation list. Tap opens the chat, long press asks for the row's actions
// (pin, mute); the page decides what they do. Muted rows show a dot instead of a count.
import type { ConversationCellView } from './conversation-cell-view';
import { withLocale } from '../../utils/locale-binding';
import { tr } from '../../stores/locale';

Component({
  ...withLocale,
  properties: {
    /** What the row shows, prepared by the page (see conversation-cell-view.ts). */
    item: { type: Object, value: {} as ConversationCellView },
  },
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
      this.triggerEvent('open', { id: (this.data.item as ConversationCellView).id });
    },
    onLongPress() {
      this.triggerEvent('actions', { id: (this.data.item as ConversationCellView).id });
    },
  },
});
