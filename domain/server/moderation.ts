// The moderation hook on the deliver path. A pass-through for now; the safety work fills it
// (word lists, msgSecCheck, media checks) without touching deliver itself.
import type { MessageDoc } from '../messages';

export type Verdict = { verdict: 'pass' } | { verdict: 'review'; reason: string } | { verdict: 'block'; reason: string };

export async function moderate(_message: MessageDoc): Promise<Verdict> {
  return { verdict: 'pass' };
}
