// The directory's search field. Chinese has no word boundaries and people type parts of names, so
// search is by substring over one normalized string per group: NFKC folds full-width Latin and
// digits (ＡＢＣ → ABC), lower case makes it case-insensitive, and whitespace collapses. The query
// is normalized the same way and matched as an escaped regex (no user regex ever reaches the db).

export function normalizeSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Name, category and tags, separated so a query never matches across two of them by accident. */
export function searchTextOf(group: { name?: string; category?: string; tags?: string[] }): string {
  return normalizeSearch([group.name ?? '', group.category ?? '', ...(group.tags ?? [])].join(' | ')).slice(0, 400);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
