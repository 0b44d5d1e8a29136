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
  // someone else's message a moderator took down (a report resolved as hide/mute/ban): its words
  // leave the screen; the sender keeps theirs, marked blocked with the reason
  const removed = !item.mine && item.status === 'blocked';
  const notice = recalled ? (item.mine ? '你撤回了一条消息' : '对方撤回了一条消息') : removed ? '一条消息已被管理员移除' : '';
  return {
    id: item.id,
    seq: item.seq ?? 0,
    afterSeq: item.afterSeq,
    senderId: item.senderId,
    type: notice ? 'system' : item.type,
    content: notice ? { text: notice } : item.content,
    ...(item.replyTo && !notice ? { replyTo: item.replyTo } : {}),
    state: stateOf(item),
    ...(item.reason ? { reason: item.reason } : {}),
    time: item.createdAt || item.clientTime,
    ...(readCount !== undefined ? { readCount } : {}),
  };
}
