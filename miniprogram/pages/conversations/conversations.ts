// The conversation list (tab 1). The shell shows the empty state; the chat feature fills the list.
Page({
  data: {
    conversations: [] as unknown[],
  },
  onDiscover() {
    void wx.switchTab({ url: '/pages/discover/discover' });
  },
  onSearch() {
    void wx.showToast({ title: '搜索即将上线', icon: 'none' });
  },
  onPullDownRefresh() {
    void wx.stopPullDownRefresh();
  },
});
