// "Me" (tab 3): my profile header (tap to edit), the settings entries, and the language choice
// (follow WeChat / 中文 / English), which switches every bound page live.
import type { LanguageChoice, MessageKey } from '../../../domain/i18n/index';
import { appMessaging } from '../../root';
import { routes } from '../../utils/routes';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { locale, tr } from '../../stores/locale';
import { chooseLanguage, retitleTabs } from '../../services/language';
import { toastError } from '../../utils/reasons';

const CHOICES: Array<{ choice: LanguageChoice; key: MessageKey }> = [
  { choice: 'system', key: 'language_system' },
  { choice: 'zh-CN', key: 'language_zh' },
  { choice: 'en', key: 'language_en' },
];

const choiceKey = (choice: LanguageChoice): MessageKey => CHOICES.find((c) => c.choice === choice)?.key ?? 'language_system';

Page({
  ...withLocale,
  data: {
    nickname: '',
    avatarUrl: '',
    bio: '',
    languageKey: choiceKey(locale.choice),
    entries: [
      { id: 'notices', key: 'me_notices', url: '/packageSafety/notifications/notifications' },
      { id: 'notifications', key: 'me_notifications', url: '/packageSafety/settings-notifications/settings-notifications' },
      { id: 'account', key: 'me_account', url: '/packageSafety/account/account' },
      { id: 'about', key: 'me_about', url: routes.about() },
    ],
  },
  async onShow() {
    showTitle('title_me');
    retitleTabs();
    this.setData({ languageKey: choiceKey(locale.choice) });
    try {
      const { profile } = (await appMessaging()).me;
      this.setData({ nickname: profile.nickname, avatarUrl: profile.avatarUrl ?? '', bio: profile.bio ?? '' });
    } catch {
      // not signed in yet (offline first launch): keep the placeholders
    }
  },
  onEditProfile() {
    void wx.navigateTo({ url: routes.profileEdit() });
  },
  onEntry(e: WechatMiniprogram.BaseEvent) {
    const entry = this.data.entries.find((x) => x.id === (e.currentTarget.dataset as { id?: string }).id);
    if (entry) void wx.navigateTo({ url: entry.url });
  },
  async onLanguage() {
    let tapIndex: number;
    try {
      ({ tapIndex } = await wx.showActionSheet({ itemList: CHOICES.map((c) => tr(c.key)) }));
    } catch {
      return; // cancelled
    }
    const picked = CHOICES[tapIndex];
    if (!picked) return;
    const saving = chooseLanguage(picked.choice);
    this.setData({ languageKey: picked.key });
    showTitle('title_me');
    try {
      await saving;
    } catch (err) {
      toastError(err);
    }
  },
});
