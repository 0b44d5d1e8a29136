// Slow mode and rate windows, as the input bar shows them: when the server answered RATE_LIMITED,
// the outbox keeps the message and retries at `retryAt`; this reports that time (and which limit)
// for one conversation, so the bar can count down "wait 12 s" instead of a silent spinner.
import type { Outbox, OutboxEntry } from '../../services/outbox';

export interface SendWait {
  /** Epoch ms of the next try; 0 = no wait. */
  until: number;
  /** 'slow_mode' | 'rate' ('' when the server did not say). */
  limit: string;
}

export const NO_WAIT: SendWait = { until: 0, limit: '' };

const waiting = (e: OutboxEntry) => e.errorCode === 'RATE_LIMITED' && (e.state === 'queued' || e.state === 'sent') && (e.retryAt ?? 0) > 0;

/** Calls `apply` with the conversation's current wait whenever it changes; returns the unsubscribe. */
export function watchSendWait(outbox: Pick<Outbox, 'subscribe' | 'entriesFor'> | undefined, conversationId: string, apply: (wait: SendWait) => void): () => void {
  if (!outbox) return () => undefined;
  let last = '';
  const evaluate = () => {
    const entry = outbox.entriesFor(conversationId).find(waiting);
    const wait = entry ? { until: entry.retryAt!, limit: entry.waitLimit ?? '' } : NO_WAIT;
    const key = `${wait.until}|${wait.limit}`;
    if (key === last) return;
    last = key;
    apply(wait);
  };
  evaluate();
  return outbox.subscribe((entry) => {
    if (entry.conversationId === conversationId) evaluate();
  });
}
