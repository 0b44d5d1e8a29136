// The phone's language and its current strings (domain/i18n). Pages and components bind `t`
// (utils/locale-binding.ts), so WXML reads {{t.some_key}} and a switch in 我 → 语言 re-renders
// every bound view live; TS formats words with parameters through tr(). The choice itself is kept
// by services/language.ts (storage and the user's document); this store only holds it.
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import { catalogue, format, languageOf, type Catalogue, type Lang, type LanguageChoice, type MessageKey, type Params } from '../../domain/i18n/index';

export class LocaleStore {
  choice: LanguageChoice = 'system';
  /** wx.getAppBaseInfo().language ('zh_CN', 'en', ...). */
  systemLanguage = 'zh_CN';

  constructor() {
    makeObservable(this, { choice: observable, systemLanguage: observable, lang: computed, t: computed, set: action });
  }

  get lang(): Lang {
    return languageOf(this.choice, this.systemLanguage);
  }

  get t(): Catalogue {
    return catalogue(this.lang);
  }

  set(choice: LanguageChoice, systemLanguage = this.systemLanguage): void {
    this.choice = choice;
    this.systemLanguage = systemLanguage;
  }
}

export const locale = new LocaleStore();

/** A catalogue string in the current language, parameters filled. */
export function tr(key: MessageKey, params?: Params): string {
  return format(locale.lang, key, params);
}
