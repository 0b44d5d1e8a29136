// The stored line of each system message. The phone renders `system.event` with its parameters in
// the reader's language (domain/i18n/system.ts, names as they are now); `content.text` keeps the
// zh-CN line from the same catalogue for what knows no codes (the conversation list preview, old
// clients, the console), with the names as they were when it happened.
import type { SystemEventKind } from '../../messages';
import type { SystemEvent } from '../deliver';
import { systemLine } from '../../i18n/system';

export function systemEvent(event: SystemEventKind, names: Map<string, string>, actorId: string, targetId?: string, details?: Record<string, unknown>): SystemEvent {
  const info = { event, actorId, ...(targetId ? { targetId } : {}), ...(details ? { details } : {}) };
  const text = systemLine('zh-CN', info, (id) => names.get(id) ?? id) ?? '';
  return { ...info, text };
}
