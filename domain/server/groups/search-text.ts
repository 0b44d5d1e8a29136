// The directory's search field. Chinese has no word boundaries and people type parts of names, so
// search is by substring over one normalized string per group (domain/search/match.ts folds it:
// NFKC, lower case, whitespace collapsed), the name's pinyin included (pinyin-keys.ts), so 'bj'
// finds 北京 in the directory as in the phone's own list. The query is normalized the same way and
// matched as an escaped regex (no user regex ever reaches the db).
import { normalizeForSearch } from '../../search/match';
import { pinyinKeys } from '../pinyin-keys';

export { normalizeForSearch as normalizeSearch };

/** Name, category, tags and the name's pinyin, separated so a query never matches across two. */
export function searchTextOf(group: { name?: string; category?: string; tags?: string[] }): string {
  const fields = [group.name ?? '', group.category ?? '', ...(group.tags ?? [])].map(normalizeForSearch);
  const keys = pinyinKeys(group.name ?? '');
  // the pinyin goes last and survives the 400-character cap that long tag lists meet first
  const head = fields.join(' | ').slice(0, keys ? 400 - keys.length - 3 : 400);
  return keys ? `${head} | ${keys}` : head;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
