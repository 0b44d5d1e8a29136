// What every page and component spreads into its definition to read the catalogue in WXML:
// mobx-miniprogram-bindings' behavior binds the locale store's `t`, so {{t.key}} follows a
// language switch live (documented for Page too, base library 2.9.2+).
import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { locale } from '../stores/locale';
import type { MessageKey } from '../../domain/i18n/index';
import { tr } from '../stores/locale';

// The store binding fills `t` on attach, one tick after the first render; without a first value
// every {{t.key}} handed to a child's String property arrives as null (glass-easel warns and uses
// the default). This behavior seeds `t` with the strings current when the page or component type is
// defined; the binding replaces them on attach, so a page opened after a language switch shows the
// new words from its first setData on.
const seededLocale = Behavior({ data: { t: locale.t } });

export const withLocale = {
  behaviors: [seededLocale, storeBindingsBehavior],
  storeBindings: { store: locale, fields: ['t'] as const },
};

/** The navigation bar title in the current language (page json titles are not translated). */
export function showTitle(key: MessageKey, params?: Record<string, string | number>): void {
  void wx.setNavigationBarTitle({ title: tr(key, params) });
}
