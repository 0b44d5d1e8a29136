// msgSecCheck v2 answered from a local word dictionary, kept in <dataDir>/openapi/sec-words.json
// and seeded from DEFAULT_SEC_WORDS. The answer's shape follows WeChat's documentation of
// security.msgSecCheck v2: `{errcode:0, errmsg:'ok', trace_id, result:{suggest, label},
// detail:[{strategy, errcode, suggest, label, prob?, keyword?}]}`; errcode stays 0 for bad text.
import path from 'path';
import { CloudError, ErrorCodes } from '../errors';
import { JsonFile } from '../storage/jsonFile';
import { checkSecurityV2Params, ok, traceId, wxError, WxAnswer } from './wx';

export type Suggest = 'pass' | 'review' | 'risky';

export interface SecWord {
  word: string;
  suggest: 'review' | 'risky';
  /** WeChat labels: 10001 ad, 20001 politics, 20002 porn, 20003 abuse, 20006 illegal, 20008 fraud, 20012 vulgar, 20013 copyright, 21000 other. */
  label: number;
}

/** Documented text limit: 2,500 characters. */
export const MAX_CONTENT_CHARS = 2500;

/** Harmless demo markers, so tests and the preview can trigger each verdict on purpose. */
export const DEFAULT_SEC_WORDS: SecWord[] = [
  { word: 'risky-demo', suggest: 'risky', label: 21000 },
  { word: 'review-demo', suggest: 'review', label: 21000 },
  { word: '兼职刷单', suggest: 'risky', label: 20008 },
  { word: '加微信领红包', suggest: 'review', label: 10001 },
];

const LABELS = new Set([100, 10001, 20001, 20002, 20003, 20006, 20008, 20012, 20013, 21000]);
const RANK: Record<Suggest, number> = { pass: 0, review: 1, risky: 2 };

export function validateSecWords(words: unknown): asserts words is SecWord[] {
  if (!Array.isArray(words)) throw new CloudError(ErrorCodes.INVALID_PARAM, 'sec words must be an array');
  for (const w of words as Partial<SecWord>[]) {
    if (!w || typeof w.word !== 'string' || !w.word.trim()) throw new CloudError(ErrorCodes.INVALID_PARAM, 'each sec word needs a non-empty word');
    if (w.suggest !== 'review' && w.suggest !== 'risky') throw new CloudError(ErrorCodes.INVALID_PARAM, `sec word ${w.word}: suggest must be review or risky`);
    if (typeof w.label !== 'number' || !LABELS.has(w.label)) throw new CloudError(ErrorCodes.INVALID_PARAM, `sec word ${w.word}: unknown label ${String(w.label)}`);
  }
}

export class SecDictionary {
  private readonly file: JsonFile<SecWord[]>;

  constructor(dataDir: string) {
    this.file = new JsonFile(path.join(dataDir, 'openapi', 'sec-words.json'), () => DEFAULT_SEC_WORDS.map((w) => ({ ...w })));
  }

  words(): SecWord[] {
    return this.file.read().map((w) => ({ ...w }));
  }

  /** Replaces the whole dictionary (console edits); validated first, so bad input changes nothing. */
  setWords(words: SecWord[]): void {
    validateSecWords(words);
    this.file.write(words.map((w) => ({ word: w.word, suggest: w.suggest, label: w.label })));
  }

  /** Adds or replaces one word. */
  put(word: SecWord): void {
    this.setWords([...this.words().filter((w) => w.word !== word.word), word]);
  }

  remove(word: string): boolean {
    const words = this.words();
    const kept = words.filter((w) => w.word !== word);
    if (kept.length !== words.length) this.setWords(kept);
    return kept.length !== words.length;
  }

  /** The dictionary's verdict on a text: every hit (case-insensitive substring), worst first. */
  judge(text: string): { suggest: Suggest; label: number; hits: SecWord[] } {
    const lower = text.toLowerCase();
    const hits = this.words()
      .filter((w) => lower.includes(w.word.toLowerCase()))
      .sort((a, b) => RANK[b.suggest] - RANK[a.suggest]);
    return hits.length ? { suggest: hits[0].suggest, label: hits[0].label, hits } : { suggest: 'pass', label: 100, hits };
  }
}

export function msgSecCheck(dictionary: SecDictionary, p: Record<string, unknown>): WxAnswer {
  const invalid = checkSecurityV2Params(p);
  if (invalid) return invalid;
  if (typeof p.content !== 'string') return wxError(47001, 'data format error hint: content must be a string');
  if (!p.content) return wxError(44002, 'empty post data');
  // 45002 "content size out of limit" is what WeChat answered in a developer-community report of
  // over-long content; the docs only state the 2,500-character limit.
  if ([...p.content].length > MAX_CONTENT_CHARS) return wxError(45002, `content size out of limit (${MAX_CONTENT_CHARS} characters)`);
  const text = [p.title, p.nickname, p.signature, p.content].filter((s): s is string => typeof s === 'string').join('\n');
  const verdict = dictionary.judge(text);
  return ok({
    trace_id: traceId(),
    result: { suggest: verdict.suggest, label: verdict.label },
    detail: [
      { strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: verdict.hits.length ? 90 : 0 },
      ...verdict.hits.map((w) => ({ strategy: 'keyword', errcode: 0, suggest: w.suggest, label: w.label, keyword: w.word })),
    ],
  });
}
