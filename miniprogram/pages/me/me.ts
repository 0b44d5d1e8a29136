// "Me" (tab 3): profile header and the settings entries other features will open.
Page({
  data: {
    nickname: '未设置昵称',
    initial: '?',
    entries: [
      { id: 'notifications', title: '消息通知' },
      { id: 'privacy', title: '隐私' },
      { id: 'about', title: '关于 Community Chat' },
    ],
  },
  onEntry() {
    void wx.showToast({ title: '即将上线', icon: 'none' });
  },
});
