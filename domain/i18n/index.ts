// The one message catalogue, shared by the mini program (bundled into each page by the build) and
// the cloud functions (notices and subscribe-message data in the recipient's language).
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type { MessageKey };
export type Lang = 'zh-CN' | 'en';
/** What a person picks in 我 → 设置 → 语言; 'system' follows the phone's WeChat language. */
export type LanguageChoice = 'system' | Lang;
export type Catalogue = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['system', 'zh-CN', 'en'];
const CATALOGUES: Record<Lang, Catalogue> = { 'zh-CN': zhCN, en };

export function catalogue(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

/**
 * WeChat's language (`wx.getAppBaseInfo().language`: 'zh_CN', 'zh_TW', 'zh_HK', 'en', ...) or a
 * stored choice, as one of the catalogue's languages: any Chinese reads zh-CN, anything else en.
 */
export function languageOf(choice: string | undefined, systemLanguage: string | undefined): Lang {
  if (choice === 'zh-CN' || choice === 'en') return choice;
  return /^zh/i.test(systemLanguage ?? 'zh') ? 'zh-CN' : 'en';
}

/** `{name}` placeholders filled from params; a missing parameter stays visible as `{name}`. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function format(lang: Lang, key: MessageKey, params?: Params): string {
  return fill(CATALOGUES[lang][key] ?? zhCN[key], params);
}

/** The parameter names a string uses, for the catalogue test. */
export function paramsOf(template: string): string[] {
  const names: string[] = [];
  const pattern = /\{(\w+)\}/g;
  for (let m = pattern.exec(template); m; m = pattern.exec(template)) names.push(m[1]!);
  return names.sort();
}
