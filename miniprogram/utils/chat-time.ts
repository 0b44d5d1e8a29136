// Times as a chat shows them, always on the viewer's clock and relative to "now": the list shows
// one short label per conversation, the chat window a separator when messages are far apart.
import { tr } from '../stores/locale';

const WEEKDAYS = ['time_weekday0', 'time_weekday1', 'time_weekday2', 'time_weekday3', 'time_weekday4', 'time_weekday5', 'time_weekday6'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Messages further apart than this get a time separator between them. */
export const SEPARATOR_GAP_MS = 5 * 60 * 1000;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole calendar days between two instants (0 = same day, 1 = yesterday...). */
function daysBetween(ts: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(ts)) / DAY_MS);
}

export function clockLabel(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function dateLabel(ts: number, now: number): string {
  const d = new Date(ts);
  const date = { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate() };
  return tr(d.getFullYear() === new Date(now).getFullYear() ? 'time_monthDay' : 'time_yearMonthDay', date);
}

/** Day part (in the reader's language): '' today, yesterday, a weekday within the week, else the date. */
function dayLabel(ts: number, now: number): string {
  const days = daysBetween(ts, now);
  if (days <= 0) return '';
  if (days === 1) return tr('time_yesterday');
  if (days < 7) return tr(WEEKDAYS[new Date(ts).getDay()]!);
  return dateLabel(ts, now);
}

/** The conversation list: today HH:mm, then yesterday, a weekday within the week, else the date. */
export function listTimeLabel(ts: number | undefined, now = Date.now()): string {
  if (!ts) return '';
  return dayLabel(ts, now) || clockLabel(ts);
}

/** A separator in the chat window: the day part (if not today) and the clock. */
export function separatorLabel(ts: number, now = Date.now()): string {
  const day = dayLabel(ts, now);
  return day ? `${day} ${clockLabel(ts)}` : clockLabel(ts);
}

/** Whether a message at `ts` needs a separator after a message at `previousTs`. */
export function needsSeparator(previousTs: number | undefined, ts: number): boolean {
  return previousTs === undefined || ts - previousTs > SEPARATOR_GAP_MS;
}

/** Milliseconds from `now` to just after the next local midnight (when today becomes yesterday). */
export function msUntilNextDay(now: number): number {
  const next = new Date(now);
  next.setHours(24, 0, 1, 0); // the Date arithmetic keeps days that are not 24 h long right
  return next.getTime() - now;
}
