// The engine's chat items (stores/chat.ts) as the window's entries: own messages carry their
// outbox state and tick, others' are 'received'; a recalled message becomes a notice.
import type { ChatItem } from '../../stores/chat';
import type { ChatEntry, EntryState } from './chat-entry';

function stateOf(item: ChatItem): EntryState {
  if (!item.mine) return 'received';
  switch (item.status) {
    case 'queued':
    case 'sending':
    case 'sent': // written as pending, not yet published: others cannot see it yet
      return 'sending';
    case 'delivered':
      return item.tick === 'read' ? 'read' : item.tick === 'delivered' ? 'delivered' : 'sent';
    case 'recalled':
      return 'sent';
    default:
      return item.status;
  }
}

export function toEntry(item: ChatItem, readCount?: number): ChatEntry {
  const recalled = item.status === 'recalled';
  return {
    id: item.id,
    seq: item.seq ?? 0,
    afterSeq: item.afterSeq,
    senderId: item.senderId,
    type: recalled ? 'system' : item.type,
    content: recalled ? { text: item.mine ? '你撤回了一条消息' : '对方撤回了一条消息' } : item.content,
    ...(item.replyTo && !recalled ? { replyTo: item.replyTo } : {}),
    state: stateOf(item),
    ...(item.reason ? { reason: item.reason } : {}),
    time: item.createdAt || item.clientTime,
    ...(readCount !== undefined ? { readCount } : {}),
  };
}
