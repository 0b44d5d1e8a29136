// The rendered window of a conversation. Everything loaded stays here in plain memory; only a
// slice [start, end) is in the page's data, and every change comes back as a setData patch:
// - one new or changed message = one path (`messages[i]`), whatever the history length;
// - loading older pages replaces the window once per page (with the old first row as the anchor);
// - a window that grew past MAX_ROWS while following the newest is trimmed to FOLLOW_ROWS in one
//   replace, so a long session costs one replace per (MAX_ROWS - FOLLOW_ROWS + 1) messages.
// When the reader scrolled far up, the window stops at its bottom ("detached"): new messages only
// count for the "new messages" pill until the reader comes back down.
import type { ChatMessageView } from '../../components/chat-message/chat-message-view';
import type { ChatEntry } from './chat-entry';
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
  private all: ChatEntry[] = [];
  private readonly index = new Map<string, ChatEntry>();
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

  get(id: string): ChatEntry | undefined {
    return this.index.get(id);
  }

  /** The highest seq in the window (what a reader at the bottom has seen). */
  highestRenderedSeq(): number {
    let max = 0;
    for (let i = this.start; i < this.end; i++) max = Math.max(max, this.all[i].seq);
    return max;
  }

  setNow(now: number): void {
    this.context.now = now;
  }

  /** Replaces everything (first page): the window is the newest FOLLOW_ROWS. */
  reset(entries: ChatEntry[]): WindowChange {
    this.all = sortEntries(entries.slice());
    this.index.clear();
    for (const e of this.all) this.index.set(e.id, e);
    this.end = this.all.length;
    this.start = Math.max(0, this.end - FOLLOW_ROWS);
    return this.replace(this.lastId);
  }

  /** A new or changed message (live, gap fill, outbox): one path when it is in place. */
  upsert(entry: ChatEntry): WindowChange {
    const known = this.index.get(entry.id);
    this.index.set(entry.id, entry);
    if (known) {
      const at = this.all.indexOf(known);
      this.all[at] = entry;
      if (isInOrder(this.all, at)) return { patch: this.rowPatch(at), anchor: '', appended: false };
      // its seq moved it (a local echo overtaken by others' messages): re-place and redraw once
      this.all.splice(at, 1);
      let to = this.all.length;
      while (to > 0 && compareEntries(this.all[to - 1], entry) > 0) to--;
      this.all.splice(to, 0, entry);
      const touches = (i: number) => i >= this.start && i < this.end;
      return touches(at) || touches(to) ? this.replace('') : { patch: {}, anchor: '', appended: false };
    }
    return this.insertSorted(entry);
  }

  /** Older messages (a page loaded on scroll-up): prepended in one replace, anchored on the old top row. */
  prepend(entries: ChatEntry[]): WindowChange {
    const fresh = entries.filter((e) => !this.index.has(e.id));
    if (!fresh.length) return { patch: {}, anchor: '', appended: false };
    const anchor = this.firstId;
    for (const e of fresh) this.index.set(e.id, e);
    const merged = sortEntries(fresh.concat(this.all));
    const added = merged.length - this.all.length;
    this.all = merged;
    this.start = 0;
    this.end = Math.min(this.end + added, MAX_ROWS);
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

  /** Re-renders rows whose view changed for reasons outside the entries (names, the day changing). */
  refresh(): WindowChange {
    const patch: Patch = {};
    for (let i = this.start; i < this.end; i++) Object.assign(patch, this.rowPatch(i));
    return { patch, anchor: '', appended: false };
  }

  private insertSorted(entry: ChatEntry): WindowChange {
    let at = this.all.length;
    while (at > 0 && compareEntries(this.all[at - 1], entry) > 0) at--;
    this.all.splice(at, 0, entry);
    if (at === this.all.length - 1 && this.end === this.all.length - 1) {
      // the common case: a new newest message while following
      this.end++;
      if (this.end - this.start > MAX_ROWS) {
        this.start = this.end - FOLLOW_ROWS;
        const change = this.replace(entry.id);
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

/**
 * Server order (seq). A message without a seq yet (own, in the outbox) sits just after the newest
 * seq its sender knew when composing (`afterSeq`), so a failed one stays where it was written
 * instead of sinking under everything that arrives later; ties go by clock.
 */
export function compareEntries(a: ChatEntry, b: ChatEntry): number {
  return orderKey(a) - orderKey(b) || a.time - b.time;
}

function orderKey(e: ChatEntry): number {
  if (e.seq) return e.seq;
  return e.afterSeq === undefined ? Number.MAX_SAFE_INTEGER : e.afterSeq + 0.5;
}

function sortEntries(entries: ChatEntry[]): ChatEntry[] {
  return entries.sort(compareEntries);
}

function isInOrder(all: ChatEntry[], at: number): boolean {
  return (at === 0 || compareEntries(all[at - 1], all[at]) <= 0) && (at === all.length - 1 || compareEntries(all[at], all[at + 1]) <= 0);
}
