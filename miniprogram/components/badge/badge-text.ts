/** The text of a count badge: '' for none, the number, or `${max}+`. */
export function badgeText(count: number, max = 99): string {
  if (!(count > 0)) return '';
  return count > max ? `${max}+` : String(Math.floor(count));
}
