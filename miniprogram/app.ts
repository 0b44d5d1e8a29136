// The app shell: wx.cloud is initialised once at launch, through services/cloud.ts (the one module
// that touches it); pages reach the services through root.ts.
import { CLOUD_ENV_ID } from './config';
import { initCloud } from './services/cloud';
import { loadLanguage } from './services/language';

App({
  onLaunch() {
    loadLanguage();
    initCloud(CLOUD_ENV_ID);
  },
});
