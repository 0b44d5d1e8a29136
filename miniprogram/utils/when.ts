// A moment as a short label relative to today: '14:30', '6月3日 14:30', '2027年6月3日 14:30'.
export function momentLabel(ms: number, now: number): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const n = new Date(now);
  if (d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate()) return hm;
  const day = `${d.getMonth() + 1}月${d.getDate()}日 ${hm}`;
  return d.getFullYear() === n.getFullYear() ? day : `${d.getFullYear()}年${day}`;
}
