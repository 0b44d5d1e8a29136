// Subscribe messages: a consent ledger fed by the client's wx.requestSubscribeMessage results and
// an outbox of every message sent. One accepted one-time consent allows exactly one send; without
// one, send answers 43101 (WeChat: "user refuse to accept the msg"). Both are append-only JSON-lines
// logs in <dataDir>/openapi (the ledger as +1/-1 events), so a send costs the same however many came
// before it. Parameter checks follow WeChat's subscribeMessage.send docs: 40003 openid,
// 40037 template id, 47003 data (each keyword `{value}` within its type's length), 41030 page.
import fs from 'fs';
import path from 'path';
import { randomBytes } from 'crypto';
import { CloudError, ErrorCodes } from '../errors';
import { JsonLines } from '../storage/jsonLines';
import { ok, wxError, WxAnswer } from './wx';

export type ConsentResult = 'accept' | 'reject' | 'ban' | 'filter';
const CONSENT_RESULTS: ConsentResult[] = ['accept', 'reject', 'ban', 'filter'];
/** wx.requestSubscribeMessage takes at most 3 template ids a call. */
export const MAX_TEMPLATES_PER_REQUEST = 3;

export interface OutboxMessage {
  msgid: string;
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
  lang: string;
  sentAt: string;
}

/** openid -> template id -> one-time consents not yet used. */
type Ledger = Record<string, Record<string, number>>;
/** One consent granted (+1) or used (-1). */
interface ConsentEvent {
  openid: string;
  templateId: string;
  delta: 1 | -1;
}

/**
 * Keyword value limits by type (the keyword name without its number), from WeChat's
 * subscribe message docs: thing 20 chars, number/letter/character_string 32, symbol 5,
 * phone_number 17, car_number 8, name 10 (20 when not Chinese), phrase 5.
 */
const VALUE_LIMITS: Record<string, number> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phone_number: 17,
  car_number: 8,
  name: 20,
  phrase: 5,
  time: 32,
  date: 32,
  amount: 32,
};
const PATTERNS: Record<string, RegExp> = { number: /^[\d.]+$/, letter: /^[A-Za-z]+$/ };
const STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

export class SubscribeMessages {
  private readonly consents: JsonLines<ConsentEvent>;
  private readonly sent: JsonLines<OutboxMessage>;
  private ledgerCache: Ledger | undefined;

  constructor(
    dataDir: string,
    private readonly projectRoot: string,
  ) {
    this.consents = new JsonLines(path.join(dataDir, 'openapi', 'subscribe-consent.jsonl'));
    this.sent = new JsonLines(path.join(dataDir, 'openapi', 'outbox.jsonl'));
  }

  private ledger(): Ledger {
    if (!this.ledgerCache) {
      this.ledgerCache = {};
      for (const e of this.consents.read()) this.count(e);
    }
    return this.ledgerCache;
  }

  private count(e: ConsentEvent): void {
    const user = (this.ledger()[e.openid] ??= {});
    const left = (user[e.templateId] ?? 0) + e.delta;
    if (left > 0) user[e.templateId] = left;
    else delete user[e.templateId];
  }

  private record(e: ConsentEvent): void {
    this.ledger(); // replayed before the append, so the new event is counted once
    this.consents.append(e);
    this.count(e);
  }

  recordConsent(openid: string, templateId: string, result: ConsentResult): void {
    if (!openid) throw new CloudError(ErrorCodes.INVALID_PARAM, 'consent needs an openid');
    if (typeof templateId !== 'string' || !templateId) throw new CloudError(ErrorCodes.INVALID_PARAM, 'consent needs a template id');
    if (!CONSENT_RESULTS.includes(result)) throw new CloudError(ErrorCodes.INVALID_PARAM, `consent result must be one of ${CONSENT_RESULTS.join(', ')}`);
    if (result !== 'accept') return;
    this.record({ openid, templateId, delta: 1 });
  }

  /** The client's wx.requestSubscribeMessage outcome: `{tmplIds, results: {[id]: result}}`. */
  recordRequest(openid: string, tmplIds: unknown, results: unknown): Record<string, number> {
    if (!Array.isArray(tmplIds) || tmplIds.length === 0 || tmplIds.length > MAX_TEMPLATES_PER_REQUEST) {
      throw new CloudError(ErrorCodes.INVALID_PARAM, `tmplIds must hold 1 to ${MAX_TEMPLATES_PER_REQUEST} template ids`);
    }
    if (!results || typeof results !== 'object') throw new CloudError(ErrorCodes.INVALID_PARAM, 'results must map template id to accept|reject|ban|filter');
    const outcome = results as Record<string, unknown>;
    // Validate all before recording any, so bad input changes nothing.
    for (const id of tmplIds) {
      if (typeof id !== 'string' || !CONSENT_RESULTS.includes(outcome[id] as ConsentResult)) {
        throw new CloudError(ErrorCodes.INVALID_PARAM, `result for template ${String(id)} must be one of ${CONSENT_RESULTS.join(', ')}`);
      }
    }
    for (const id of tmplIds as string[]) this.recordConsent(openid, id, outcome[id] as ConsentResult);
    return this.remaining(openid);
  }

  /** Unused consents per template for one user (the console shows the ledger). */
  remaining(openid: string): Record<string, number> {
    return { ...(this.ledger()[openid] ?? {}) };
  }

  outbox(): OutboxMessage[] {
    return this.sent.read().map((m) => ({ ...m }));
  }

  send(p: Record<string, unknown>): WxAnswer {
    const touser = p.touser;
    const templateId = p.template_id;
    if (typeof touser !== 'string' || !touser) return wxError(40003, 'invalid openid');
    if (typeof templateId !== 'string' || !templateId) return wxError(40037, 'invalid template_id');
    const dataError = checkData(p.data);
    if (dataError) return wxError(47003, `argument invalid! ${dataError}`);
    if (p.page !== undefined && (typeof p.page !== 'string' || !this.pageExists(p.page))) return wxError(41030, 'invalid page');
    const state = p.miniprogram_state ?? 'formal';
    if (!STATES.includes(state as string)) return wxError(47003, `argument invalid! miniprogram_state must be one of ${STATES.join(', ')}`);
    const lang = p.lang ?? 'zh_CN';
    if (!LANGS.includes(lang as string)) return wxError(47003, `argument invalid! lang must be one of ${LANGS.join(', ')}`);

    if (!(this.ledger()[touser]?.[templateId] > 0)) return wxError(43101, 'user refuse to accept the msg');
    this.record({ openid: touser, templateId, delta: -1 });

    const message: OutboxMessage = {
      msgid: BigInt(`0x${randomBytes(7).toString('hex')}`).toString(),
      touser,
      templateId,
      ...(p.page !== undefined ? { page: p.page as string } : {}),
      data: p.data as Record<string, { value: string }>,
      miniprogramState: state as OutboxMessage['miniprogramState'],
      lang: lang as string,
      sentAt: new Date().toISOString(),
    };
    this.sent.append(message);
    return ok({ msgid: message.msgid });
  }

  /** Pages of miniprogram/app.json (main package and subpackages) when it exists; else any page. */
  private pageExists(page: string): boolean {
    const appJson = path.join(this.projectRoot, 'miniprogram', 'app.json');
    if (!fs.existsSync(appJson)) return true;
    const app = JSON.parse(fs.readFileSync(appJson, 'utf8')) as { pages?: string[]; subpackages?: Array<{ root: string; pages: string[] }>; subPackages?: Array<{ root: string; pages: string[] }> };
    const pages = new Set(app.pages ?? []);
    for (const sub of [...(app.subpackages ?? []), ...(app.subPackages ?? [])]) {
      for (const pg of sub.pages) pages.add(`${sub.root.replace(/\/$/, '')}/${pg}`);
    }
    return pages.has(page.split('?')[0].replace(/^\//, ''));
  }
}

function checkData(data: unknown): string | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'data must be an object of {keyword: {value}}';
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return 'data is empty';
  for (const [key, item] of entries) {
    const type = /^([a-z_]+?)\d+$/.exec(key)?.[1];
    if (!type) return `data.${key} is not a template keyword`;
    const value = (item as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' && typeof value !== 'number') return `data.${key}.value must be a string`;
    const text = String(value);
    if (!text) return `data.${key}.value is empty`;
    const chars = [...text].length;
    const limit = type === 'name' && /^[\u4e00-\u9fff]+$/.test(text) ? 10 : (VALUE_LIMITS[type] ?? 20);
    if (chars > limit) return `data.${key}.value exceeds ${limit} characters`;
    if (PATTERNS[type] && !PATTERNS[type].test(text)) return `data.${key}.value does not fit type ${type}`;
  }
  return undefined;
}
