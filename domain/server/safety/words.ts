// The local word list (database/moderation_words.json) admins edit in the console. Checked before
// msgSecCheck: it is free, immediate and speaks the community's own language (local slang, spam
// phrases WeChat does not know). Cached per instance for WORD_LIST_TTL_MS (the "within a minute" promise).
import type { Database } from '../database';
import { rows } from '../database';
import { TtlCache } from './cache';

export const WORD_LIST_TTL_MS = 15_000;
const PAGE = 1000;

export interface WordEntry {
  word: string;
  action: 'block' | 'review';
  reason?: string;
}

const cache = new TtlCache<WordEntry[]>(WORD_LIST_TTL_MS);

async function loadWords(db: Database): Promise<WordEntry[]> {
  const all: WordEntry[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = rows<WordEntry & { enabled?: boolean }>(await db.collection('moderation_words').skip(skip).limit(PAGE).get());
    for (const w of page)
      if (w.enabled !== false && typeof w.word === 'string' && w.word.trim()) all.push({ word: w.word.trim().toLowerCase(), action: w.action === 'review' ? 'review' : 'block', reason: w.reason });
    if (page.length < PAGE) return all;
  }
}

export function wordList(db: Database): Promise<WordEntry[]> {
  return cache.get('words', () => loadWords(db));
}

/** The worst hit in `text` (block beats review), or undefined. Case-insensitive substring match. */
export function matchWords(words: WordEntry[], text: string): WordEntry | undefined {
  const lower = text.toLowerCase();
  let review: WordEntry | undefined;
  for (const w of words) {
    if (!lower.includes(w.word)) continue;
    if (w.action === 'block') return w;
    review ??= w;
  }
  return review;
}
