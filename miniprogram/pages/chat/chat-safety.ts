// The chat page's safety and reach hooks, kept out of chat.ts: where "举报" leads, and the gentle
// "notify me" offer (utils/consent-moments.ts decides when; this holds the service for the tap).
import type { NotificationsService } from '../../services/notifications';
import { appSafety } from '../../root';
import { askText, mayAsk, momentAfterSend, recordAsk, wxAskStore, type AskMoment, type AskStore } from '../../utils/consent-moments';
import type { TimelineMessage } from '../../stores/timeline';
import { routes } from '../../utils/routes';

const PREVIEW_MAX = 60;

/** The report page for someone else's message. */
export function reportMessageUrl(messageId: string, senderName: string, text: string): string {
  const preview = text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 1)}…` : text;
  return routes.reportMessage(messageId, senderName, preview);
}

/** Newest server time of a message by someone else in the window (0 = none). */
export function lastOthersAt(items: readonly TimelineMessage[]): number {
  for (let i = items.length - 1; i >= 0; i--) if (!items[i].mine) return items[i].time;
  return 0;
}

/** Whether a newly arrived message mentions me. */
export function mentionsMe(item: TimelineMessage, me: string): boolean {
  return !item.mine && !!item.mentions?.includes(me);
}

export interface ConsentAskDeps {
  me: string;
  conversationId: string;
  isGroup: boolean;
  /** Shows the offer's text ('' hides it). */
  show(text: string): void;
  store?: AskStore;
  now?: () => number;
  services?: () => Promise<{ notifications: NotificationsService }>;
}

/** One conversation's offer: at most one a day, shown only once the service is at hand for the tap. */
export class ConsentAsk {
  private notifications: NotificationsService | null = null;
  private showing = false;

  constructor(private readonly deps: ConsentAskDeps) {}

  private get store(): AskStore {
    return this.deps.store ?? wxAskStore;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** After I sent: offer it when the group is quiet. `before` is the room's items before this send. */
  afterSend(before: readonly TimelineMessage[]): void {
    const moment = momentAfterSend({ isGroup: this.deps.isGroup, lastOthersAt: lastOthersAt(before), now: this.now() });
    if (moment) void this.offer(moment);
  }

  /** Someone mentioned me. */
  mentioned(): void {
    void this.offer('mention');
  }

  async offer(moment: AskMoment): Promise<void> {
    const { me, conversationId } = this.deps;
    if (this.showing || !mayAsk(this.store, me, conversationId, this.now())) return;
    this.showing = true;
    try {
      const { notifications } = await (this.deps.services ?? appSafety)();
      await notifications.loadTemplates();
      this.notifications = notifications;
    } catch {
      this.showing = false;
      return; // no service, no offer: asking without being able to record it helps nobody
    }
    recordAsk(this.store, me, conversationId, this.now());
    this.deps.show(askText(moment));
  }

  /** The offer's button: WeChat's consent sheet at once (this runs from the tap). */
  async accept(): Promise<boolean> {
    const n = this.notifications;
    this.dismiss();
    if (!n) return false;
    try {
      return (await n.requestConsent(['messages'])).accepted;
    } catch {
      return false;
    }
  }

  dismiss(): void {
    this.showing = false;
    this.deps.show('');
  }
}
