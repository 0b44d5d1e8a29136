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
