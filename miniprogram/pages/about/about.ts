// 我 → 关于: the app's name, its version (utils/app-info.ts) and what it is, in the reader's
// language. There are no privacy or terms pages yet, so nothing links to them.
import { APP_VERSION } from '../../utils/app-info';
import { showTitle, withLocale } from '../../utils/locale-binding';

Page({
  ...withLocale,
  data: { version: APP_VERSION },
  onShow() {
    showTitle('title_about');
  },
});
