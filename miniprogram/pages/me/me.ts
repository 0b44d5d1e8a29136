// "Me" (tab 3): my profile header (tap to edit) and the settings entries other features will open.
import { appMessaging } from '../../utils/app-messaging';

Page({
  data: {
    nickname: '未设置昵称',
    avatarUrl: '',
    bio: '',
    entries: [
      { id: 'notifications', title: '消息通知' },
      { id: 'privacy', title: '隐私' },
      { id: 'about', title: '关于 Community Chat' },
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
    void wx.navigateTo({ url: '/pages/profile-edit/profile-edit' });
  },
  onEntry() {
    void wx.showToast({ title: '即将上线', icon: 'none' });
  },
});
