// Quiet hours as the pickers offer them: every half hour of the day, in the phone's own time zone
// (the server keeps the UTC offset with the times, so "22:00" stays the person's 22:00).
import type { QuietHours } from '../../services/notifications';

export const TIMES: string[] = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

export const DEFAULT_QUIET = { start: '22:00', end: '07:00' };

/** The picker's index for a time ("07:15" falls back to the half hour before it). */
export function indexOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return Math.max(0, Math.min(TIMES.length - 1, (h || 0) * 2 + ((m || 0) >= 30 ? 1 : 0)));
}

/** The phone's offset from UTC in minutes east (China: 480). */
export function localOffsetMinutes(date = new Date()): number {
  return -date.getTimezoneOffset();
}

export function quietHours(start: string, end: string, date = new Date()): QuietHours {
  return { start, end, utcOffsetMinutes: localOffsetMinutes(date) };
}
