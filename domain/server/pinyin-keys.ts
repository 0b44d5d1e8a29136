// Pinyin search keys for names, computed on the server where a name is written (group create and
// edit, sign-in and profile edits) and stored beside it, so the phone matches 'bj' against 北京
// without carrying pinyin-pro (about 320 KB minified, a sixth of the 2 MB main package) and a
// public group is found by the directory's regex over the stored text. pinyin-pro picks a
// character's reading from its neighbours (行业 hang ye, 重庆 chong qing); a name read another way
// than its dictionary reading is still found by its characters.
import { pinyin } from 'pinyin-pro';
import { normalizeForSearch } from '../search/match';

/**
 * `full initials` of a name: every Han character as its pinyin syllable, every run of Latin letters
 * or digits as a word; `full` joins them all, `initials` their first letters. 'Hiking Club 徒步俱乐部'
 * gives 'hikingclubtubujulebu hctbjlb'. '' when the name has nothing to spell.
 */
export function pinyinKeys(name: string): string {
  const text = normalizeForSearch(name);
  if (!text) return '';
  const parts = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const words = parts.flatMap((p) => p.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  if (!words.length) return '';
  return `${words.join('')} ${words.map((w) => w[0]).join('')}`;
}

/** A name with its pinyin keys, separated as searchText fields are (a query never spans two). */
export function nameSearchText(name: string): string {
  const keys = pinyinKeys(name);
  return [normalizeForSearch(name), keys].filter(Boolean).join(' | ').slice(0, 400);
}
