// Matching a search box's text against names, on the phone and on the server alike. Chinese has no
// word boundaries and people type parts of names, so a match is a substring: of the name itself, or
// of its stored search text, which the server writes with the name's pinyin (full and initials,
// domain/server/pinyin-keys.ts) so that 'bj' and 'beijing' find 北京. Both sides are folded the
// same way: NFKC (full-width ＡＢＣ to ABC), lower case, whitespace collapsed.

export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** How well a name matches, best first; null when it does not. */
export enum MatchRank {
  NamePrefix = 0,
  NameContains = 1,
  Keys = 2,
}

/**
 * `query` against a `name` and its stored `searchText` (fields separated by ' | '; absent on
 * documents written before the keys existed, which then match by name only). Spaces in the query
 * are ignored against the keys, so 'bei jing' finds 'beijing'.
 */
export function matchName(query: string, name: string, searchText?: string): MatchRank | null {
  const q = normalizeForSearch(query);
  if (!q) return null;
  const n = normalizeForSearch(name);
  if (n.startsWith(q)) return MatchRank.NamePrefix;
  if (n.includes(q)) return MatchRank.NameContains;
  if (!searchText) return null;
  const bare = q.replace(/ /g, '');
  const fields = searchText.split(' | ').flatMap((f) => f.split(' '));
  return fields.some((f) => f.includes(bare)) ? MatchRank.Keys : null;
}

/** The items that match, best rank first, the given order kept within a rank. */
export function searchByName<T>(items: readonly T[], query: string, keysOf: (item: T) => { name: string; searchText?: string }): T[] {
  const ranked: Array<{ item: T; rank: MatchRank; i: number }> = [];
  items.forEach((item, i) => {
    const { name, searchText } = keysOf(item);
    const rank = matchName(query, name, searchText);
    if (rank !== null) ranked.push({ item, rank, i });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((r) => r.item);
}
