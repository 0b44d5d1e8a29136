// One row of the conversation list. Tap opens the chat, long press asks for the row's actions
// (pin, mute); the page decides what they do. Muted rows show a dot instead of a count.
import { EMPTY_CELL, type ConversationCellView } from './conversation-cell-view';

Component({
  properties: {
    /** What the row shows, prepared by the page (see conversation-cell-view.ts). */
    item: { type: Object, value: EMPTY_CELL },
  },
  methods: {
    onTap() {
      this.triggerEvent('open', { id: (this.data.item as ConversationCellView).id });
    },
    onLongPress() {
      this.triggerEvent('actions', { id: (this.data.item as ConversationCellView).id });
    },
  },
});
