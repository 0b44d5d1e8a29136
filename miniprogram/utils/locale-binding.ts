// What every page and component spreads into its definition to read the catalogue in WXML:
// mobx-miniprogram-bindings' behavior binds the locale store's `t`, so {{t.key}} follows a
// language switch live (documented for Page too, base library 2.9.2+).
import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { locale } from '../stores/locale';
import type { MessageKey } from '../../domain/i18n/index';
import { tr } from '../stores/locale';

export const withLocale = {
  behaviors: [storeBindingsBehavior],
  storeBindings: { store: locale, fields: ['t'] as const },
};

/** The navigation bar title in the current language (page json titles are not translated). */
export function showTitle(key: MessageKey, params?: Record<string, string | number>): void {
  void wx.setNavigationBarTitle({ title: tr(key, params) });
}
