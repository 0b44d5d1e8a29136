// The language choice of 我 → 语言: kept on this device (storage, read at launch before the first
// page renders) and on the user's document (the server renders notices and subscribe messages in
// it). The locale store holds it; the tab bar, whose words come from app.json, is retitled here.
import { LANGUAGE_CHOICES, type LanguageChoice } from '../../domain/i18n/index';
import { locale, tr } from '../stores/locale';
import { appMessaging } from '../root';
import { saveProfile } from './profile';

const STORAGE_KEY = 'language';
const TABS = ['tab_conversations', 'tab_discover', 'tab_me'] as const;

function systemLanguage(): string {
  try {
    return (wx.getAppBaseInfo?.() ?? wx.getSystemInfoSync()).language || 'zh_CN';
  } catch {
    return 'zh_CN';
  }
}

function storedChoice(): LanguageChoice {
  try {
    const value = wx.getStorageSync(STORAGE_KEY) as string;
    return (LANGUAGE_CHOICES as readonly string[]).includes(value) ? (value as LanguageChoice) : 'system';
  } catch {
    return 'system';
  }
}

/** The tab bar's words in the current language (app.json can only hold one). */
export function retitleTabs(): void {
  TABS.forEach((key, index) => {
    // WeChat rejects setTabBarItem before a tab page exists; the next call (onShow) catches up
    wx.setTabBarItem?.({ index, text: tr(key) })?.catch?.(() => undefined);
  });
}

/** At launch: the stored choice and WeChat's language. */
export function loadLanguage(): void {
  locale.set(storedChoice(), systemLanguage());
}

/** From the settings: switch now, remember here, and tell the server (best effort: it retries on the next switch). */
export async function chooseLanguage(choice: LanguageChoice): Promise<void> {
  locale.set(choice, systemLanguage());
  retitleTabs();
  try {
    wx.setStorageSync(STORAGE_KEY, choice);
  } catch {
    // storage full: the choice holds for this run, the server still knows it
  }
  const { cloud } = await appMessaging();
  // the server needs a language to write in, not 'follow the phone': it gets the one in effect
  await saveProfile(cloud, { language: locale.lang });
}
