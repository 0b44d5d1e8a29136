// A moment as a short label relative to today, in the reader's language: '14:30', '6月3日 14:30',
// '2027年6月3日 14:30' (en: '6/3 14:30').
import { tr } from '../stores/locale';

export function momentLabel(ms: number, now: number): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const n = new Date(now);
  if (d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate()) return hm;
  const date = { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate() };
  return `${tr(d.getFullYear() === n.getFullYear() ? 'time_monthDay' : 'time_yearMonthDay', date)} ${hm}`;
}
