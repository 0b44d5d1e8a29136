// Discover public groups (tab 2): categories now, the directory comes with the groups feature.
Page({
  data: {
    current: 'all',
    categories: [
      { id: 'all', name: '全部' },
      { id: 'tech', name: '科技' },
      { id: 'sports', name: '运动' },
      { id: 'reading', name: '读书' },
      { id: 'local', name: '同城' },
    ],
  },
  onCategory(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
    this.setData({ current: e.currentTarget.dataset.id });
  },
});
