// The app shell. wx.cloud is initialised here once; services/ are the only code that calls it.
import { CLOUD_ENV_ID } from './config';

App({
  onLaunch() {
    if (wx.cloud) {
      wx.cloud.init({ ...(CLOUD_ENV_ID ? { env: CLOUD_ENV_ID } : {}), traceUser: true });
    }
  },
});
