// The render window of a room's timeline. It mirrors the timeline's list by index (the timeline's
// operations carry the index: one order, decided there); only a slice [start, end) is in the
// page's data, and every change comes back as a setData patch:
// - one new or changed message = one path (`messages[i]`), whatever the history length;
// - loading older pages replaces the window once per page (with the old first row as the anchor);
// - a window that grew past MAX_ROWS while following the newest is trimmed to FOLLOW_ROWS in one
//   replace, so a long session costs one replace per (MAX_ROWS - FOLLOW_ROWS + 1) messages.
// When the reader scrolled far up, the window stops at its bottom ("detached"): new messages only
// count for the "new messages" pill until the reader comes back down.
import type { ChatMessageView } from '../../components/chat-message/chat-message-view';
import type { TimelineMessage } from '../../stores/timeline';
import { toView, type ViewContext } from './chat-view';

export const FOLLOW_ROWS = 60;
export const MAX_ROWS = 120;
const EXTEND_ROWS = 40;

export type Patch = Record<string, unknown>;

export interface WindowChange {
  patch: Patch;
  /** Row id to keep in view after a replace (older pages, trims), '' for none. */
  anchor: string;
  /** A row was added at the bottom while following. */
  appended: boolean;
}

export class ChatWindow {
  private all: TimelineMessage[] = [];
  private readonly index = new Map<string, TimelineMessage>();
  private start = 0;
  private end = 0;
  /** The views in the page's data, by position in the window: to skip patches that change nothing. */
  private shown: string[] = [];
  readonly hidden = new Set<string>();

  constructor(private readonly context: Omit<ViewContext, 'lookup' | 'hidden'>) {}

  get size(): number {
    return this.all.length;
  }

  get rendered(): number {
    return this.end - this.start;
  }

  /** The window shows the newest message. */
  get following(): boolean {
    return this.end === this.all.length;
  }

  /** Messages below the window: what the pill counts. */
  get below(): number {
    return this.all.length - this.end;
  }

  get firstId(): string {
    return this.all[this.start]?.id ?? '';
  }

  get lastId(): string {
    return this.all[this.end - 1]?.id ?? '';
  }

  get(id: string): TimelineMessage | undefined {
    return this.index.get(id);
  }

  /** The highest seq in the window (what a reader at the bottom has seen). */
  highestRenderedSeq(): number {
    let max = 0;
    for (let i = this.start; i < this.end; i++) max = Math.max(max, this.all[i].seq);
    return max;
  }

  /** Replaces everything (first render): the window is the newest FOLLOW_ROWS. */
  reset(messages: TimelineMessage[]): WindowChange {
    this.all = messages.slice();
    this.index.clear();
    for (const m of this.all) this.index.set(m.id, m);
    this.end = this.all.length;
    this.start = Math.max(0, this.end - FOLLOW_ROWS);
    return this.replace(this.lastId);
  }

  /** The timeline changed the message at `at` in place: one path when it is in the window. */
  updateAt(at: number, message: TimelineMessage): WindowChange {
    this.all[at] = message;
    this.index.set(message.id, message);
    return { patch: this.rowPatch(at), anchor: '', appended: false };
  }

  /** The timeline removed the message at `at` (it moves: its insert follows). */
  removeAt(at: number): WindowChange {
    const [gone] = this.all.splice(at, 1);
    if (gone) this.index.delete(gone.id);
    if (at < this.start) {
      this.start--;
      this.end--;
      return { patch: {}, anchor: '', appended: false };
    }
    if (at >= this.end) return { patch: {}, anchor: '', appended: false };
    this.end--;
    return this.replace('');
  }

  /** The timeline inserted a message at `at` (live, gap fill, a local echo). */
  insertAt(at: number, message: TimelineMessage): WindowChange {
    this.all.splice(at, 0, message);
    this.index.set(message.id, message);
    if (at === this.all.length - 1 && this.end === this.all.length - 1) {
      // the common case: a new newest message while following
      this.end++;
      if (this.end - this.start > MAX_ROWS) {
        this.start = this.end - FOLLOW_ROWS;
        const change = this.replace(message.id);
        change.appended = true;
        return change;
      }
      return { patch: this.rowPatch(at), anchor: '', appended: true };
    }
    if (at >= this.end) return { patch: {}, anchor: '', appended: false }; // below a detached window: the pill counts it
    if (at < this.start) {
      this.start++;
      this.end++;
      return { patch: {}, anchor: '', appended: false };
    }
    this.end++;
    return this.replace('');
  }

  /** Older messages (a page loaded on scroll-up, in order): prepended in one replace, anchored on the old top row. */
  prepend(messages: TimelineMessage[]): WindowChange {
    if (!messages.length) return { patch: {}, anchor: '', appended: false };
    const anchor = this.firstId;
    for (const m of messages) this.index.set(m.id, m);
    this.all = messages.concat(this.all);
    this.start = 0;
    this.end = Math.min(this.end + messages.length, MAX_ROWS);
    return this.replace(anchor);
  }

  /** Scrolled to the top of the window with more loaded above: show them, no network needed. */
  extendUp(): WindowChange | null {
    if (this.start === 0) return null;
    const anchor = this.firstId;
    this.start = Math.max(0, this.start - EXTEND_ROWS);
    this.end = Math.min(this.end, this.start + MAX_ROWS);
    return this.replace(anchor);
  }

  /** Scrolled to the bottom of a detached window: rows below come back, appended by path. */
  extendDown(): WindowChange | null {
    if (this.following) return null;
    const newEnd = Math.min(this.all.length, this.end + EXTEND_ROWS);
    if (newEnd - this.start > MAX_ROWS) {
      const anchor = this.lastId;
      this.start = newEnd - MAX_ROWS;
      this.end = newEnd;
      return this.replace(anchor);
    }
    const patch: Patch = {};
    const from = this.end;
    this.end = newEnd;
    for (let i = from; i < newEnd; i++) Object.assign(patch, this.rowPatch(i));
    return { patch, anchor: '', appended: false };
  }

  /** Back to the newest messages (pill tap). */
  jumpToLatest(): WindowChange {
    this.end = this.all.length;
    this.start = Math.max(0, this.end - FOLLOW_ROWS);
    return this.replace(this.lastId);
  }

  /** Delete for me: the row stays (indexes stay stable) but renders nothing. */
  hide(id: string): WindowChange {
    this.hidden.add(id);
    const entry = this.index.get(id);
    const at = entry ? this.all.indexOf(entry) : -1;
    return { patch: at >= 0 ? this.rowPatch(at) : {}, anchor: '', appended: false };
  }

  /** Re-renders rows whose view changed outside the timeline: names loaded, or the day changed (`now`). */
  refresh(now = this.context.now): WindowChange {
    this.context.now = now;
    const patch: Patch = {};
    for (let i = this.start; i < this.end; i++) Object.assign(patch, this.rowPatch(i));
    return { patch, anchor: '', appended: false };
  }

  private context4(): ViewContext {
    return { ...this.context, lookup: (id) => this.index.get(id), hidden: this.hidden };
  }

  private viewAt(i: number, ctx = this.context4()): ChatMessageView {
    return toView(this.all[i], this.all[i - 1], ctx);
  }

  /** `messages[k]` for row i, and the row below when its separator depends on row i; unchanged rows are skipped. */
  private rowPatch(i: number): Patch {
    const patch: Patch = {};
    const ctx = this.context4();
    for (const row of [i, i + 1]) {
      if (row < this.start || row >= this.end) continue;
      const view = this.viewAt(row, ctx);
      const json = JSON.stringify(view);
      const k = row - this.start;
      if (this.shown[k] === json) continue;
      this.shown[k] = json;
      patch[`messages[${k}]`] = view;
    }
    return patch;
  }

  private replace(anchor: string): WindowChange {
    const ctx = this.context4();
    const views: ChatMessageView[] = [];
    for (let i = this.start; i < this.end; i++) views.push(this.viewAt(i, ctx));
    this.shown = views.map((v) => JSON.stringify(v));
    return { patch: { messages: views }, anchor, appended: false };
  }
}
