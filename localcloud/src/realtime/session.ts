// One client watch (a queryID): its own event numbering over a shared QueryWindow, a bounded log of
// past events so that REBUILD_WATCH after a dropped socket can resend what was missed, and the
// socket it currently pushes to (none while the client reconnects).
import type { Doc } from '../db/types';
import type { QueryWindow, WindowListener } from './query-window';
import { toWireEvent, type Frame, type WatchChange, type WireEvent } from './protocol';

/** Events kept per watch for REBUILD_WATCH; a client further behind gets QUERYID_INVALID_ERROR. */
export const EVENT_LOG_SIZE = 1000;

export interface PushTarget {
  send(frame: Frame): void;
}

let counter = 0;
export function newRequestId(prefix: string): string {
  return `${prefix}_${Date.now()}_${++counter}`;
}

/** A running watch whose read rule stopped holding (e.g. the reader was removed from a group). */
export class WatchDeniedError extends Error {}

export class WatchSession implements WindowListener {
  readonly queryID = newRequestId('query');
  private lastId = 0;
  private readonly log: Array<{ id: number; events: WireEvent[] }> = [];
  target: PushTarget | null = null;
  detachedTimer: ReturnType<typeof setTimeout> | null = null;
  closed = false;

  constructor(
    readonly window: QueryWindow,
    public watchId: string,
    readonly openid: string,
    private readonly onFail: (session: WatchSession, err: Error) => void,
  ) {}

  /** The INIT_EVENT payload: currEvent 1, every current document as an init event. */
  initPayload(docs: Doc[]): { queryID: string; currEvent: number; events: WireEvent[] } {
    this.lastId = 1;
    const events = docs.map((doc) => toWireEvent(1, { dataType: 'init', queueType: 'init', doc }));
    return { queryID: this.queryID, currEvent: this.lastId, events };
  }

  get currentEvent(): number {
    return this.lastId;
  }

  /**
   * Set when the read rule consults other documents (get()): membership can end while the watch
   * runs, and CloudBase applies read permissions to pushes too, so each push is re-checked; a
   * denial fails the watch (onError) instead of leaking the next change.
   */
  authorize: (() => Promise<boolean>) | null = null;
  private pushing: Promise<void> = Promise.resolve();

  changes(changes: WatchChange[]): void {
    if (this.closed) return;
    const check = this.authorize;
    if (!check) return this.push(changes);
    // Chained, so pushes keep the window's order while each waits for its check.
    this.pushing = this.pushing.then(async () => {
      if (this.closed) return;
      if (await check().catch(() => false)) this.push(changes);
      else if (!this.closed) this.fail(new WatchDeniedError('the read rule no longer allows this watch'));
    });
  }

  private push(changes: WatchChange[]): void {
    if (this.closed) return;
    const id = ++this.lastId;
    const events = changes.map((c) => toWireEvent(id, c));
    this.log.push({ id, events });
    if (this.log.length > EVENT_LOG_SIZE) this.log.shift();
    this.target?.send({ watchId: this.watchId, requestId: newRequestId('next'), msgType: 'NEXT_EVENT', msgData: { queryID: this.queryID, currEvent: id, events } });
  }

  fail(err: Error): void {
    this.onFail(this, err);
  }

  /** Events after `eventID`, or null when the log no longer reaches back that far. */
  eventsSince(eventID: number): WireEvent[] | null {
    if (eventID >= this.lastId) return [];
    const oldest = this.log.length ? this.log[0].id : this.lastId + 1;
    if (eventID + 1 < oldest) return null;
    return this.log.filter((e) => e.id > eventID).flatMap((e) => e.events);
  }
}
