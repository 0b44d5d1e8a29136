// When the app offers "notify me" in a chat. WeChat's consent sheet may only open from a tap and
// each accept pays for one message, so asking is cheap for us but costly for the person's patience:
// offer it at moments where a notification is plainly useful, at most once per conversation per
// day (more accepts are fine: each one is one more notice the person asked for).
//   - after their first message today in a quiet group (nobody else wrote lately): replies may
//     come when they are gone;
//   - when someone mentions them: more mentions may follow.
import { tr } from '../stores/locale';

export type AskMoment = 'quiet_group' | 'mention';

/** A group is quiet when nobody else wrote within this long. */
export const QUIET_AFTER_MS = 30 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export interface AskStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export const wxAskStore: AskStore = {
  get: (key) => {
    try {
      return wx.getStorageSync(key);
    } catch {
      return '';
    }
  },
  set: (key, value) => {
    try {
      wx.setStorageSync(key, value);
    } catch {
      // storage full: the worst case is one more ask
    }
  },
};

const keyOf = (openid: string, conversationId: string) => `consentAsk:${openid}:${conversationId}`;

/** Whether the last ask in this conversation is older than a day. */
export function mayAsk(store: AskStore, openid: string, conversationId: string, now: number): boolean {
  const last = Number(store.get(keyOf(openid, conversationId)) || 0);
  return !last || now - last >= DAY_MS;
}

/** Shown (whatever the person answers): the next offer here waits a day. */
export function recordAsk(store: AskStore, openid: string, conversationId: string, now: number): void {
  store.set(keyOf(openid, conversationId), now);
}

export interface SentContext {
  isGroup: boolean;
  /** Time of the newest message by someone else in the room (0 = none loaded). */
  lastOthersAt: number;
  now: number;
}

/** After the person sent a message: a quiet group is a moment to offer. */
export function momentAfterSend(ctx: SentContext): AskMoment | null {
  if (!ctx.isGroup) return null;
  return ctx.now - ctx.lastOthersAt >= QUIET_AFTER_MS ? 'quiet_group' : null;
}

/** Words for the offer. */
export function askText(moment: AskMoment): string {
  return tr(moment === 'mention' ? 'chat_askMention' : 'chat_askQuiet');
}
