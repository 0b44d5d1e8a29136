/** What one conversation row shows; the list page maps the store's entries to it. */
export interface ConversationCellView {
  id: string;
  name: string;
  avatarUrl: string;
  /** "Sender: text" in groups, the text alone in direct chats. */
  preview: string;
  timeLabel: string;
  unread: number;
  pinned: boolean;
  muted: boolean;
}

/**
 * The row before the page hands it its item: every field present, so the avatar and badge inside
 * never receive `undefined` (WeChat and glass-easel warn "type-incompatible value" for it).
 */
export const EMPTY_CELL: ConversationCellView = { id: '', name: '', avatarUrl: '', preview: '', timeLabel: '', unread: 0, pinned: false, muted: false };
