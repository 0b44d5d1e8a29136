// "Me" (tab 3): my profile header (tap to edit) and the settings entries other features will open.
import { appMessaging } from '../../root';
import { routes } from '../../utils/routes';

Page({
  data: {
    nickname: '未设置昵称',
    avatarUrl: '',
    bio: '',
    entries: [
      { id: 'notices', title: '通知中心', url: '/packageSafety/notifications/notifications' },
      { id: 'notifications', title: '消息通知', url: '/packageSafety/settings-notifications/settings-notifications' },
      { id: 'account', title: '账号与数据', url: '/packageSafety/account/account' },
      { id: 'about', title: '关于 Community Chat', url: '' },
    ],
  },
  async onShow() {
    try {
      const { profile } = (await appMessaging()).me;
      this.setData({ nickname: profile.nickname || '未设置昵称', avatarUrl: profile.avatarUrl ?? '', bio: profile.bio ?? '' });
    } catch {
      // not signed in yet (offline first launch): keep the placeholders
    }
  },
  onEditProfile() {
    void wx.navigateTo({ url: routes.profileEdit() });
  },
  onEntry(e: WechatMiniprogram.BaseEvent) {
    const entry = this.data.entries.find((x) => x.id === (e.currentTarget.dataset as { id?: string }).id);
    if (entry?.url) void wx.navigateTo({ url: entry.url });
    else void wx.showToast({ title: '即将上线', icon: 'none' });
  },
});
