// The app shell: global data other features fill in (the signed-in user, the cloud env).
// wx.cloud is initialised here once; services/ (to come) are the only code that calls it.

export interface AppGlobalData {
  /** Cloud environment id; the local cloud accepts any id. */
  envId: string;
}

App<{ globalData: AppGlobalData }>({
  globalData: { envId: 'community-chat-local' },
  onLaunch() {
    if (wx.cloud) {
      wx.cloud.init({ env: this.globalData.envId, traceUser: true });
    }
  },
});
