// Edit my profile: avatar through WeChat's avatar chooser (<button open-type="chooseAvatar">),
// nickname through the nickname keyboard (<input type="nickname">), a short bio. Saved through
// the profile function; a new avatar is uploaded first.
import { appMessaging } from '../../root';
import { saveProfile, uploadAvatar, type ProfileChanges } from '../../services/profile';

const BIO_MAX = 200;
const NICKNAME_MAX = 32;

Page({
  data: {
    avatarUrl: '',
    nickname: '',
    bio: '',
    bioMax: BIO_MAX,
    nicknameMax: NICKNAME_MAX,
    saving: false,
  },
  /** The temp path of a newly chosen avatar (uploaded on save), '' when unchanged. */
  chosenAvatar: '',

  async onLoad() {
    const { profile } = (await appMessaging()).me;
    this.setData({ avatarUrl: profile.avatarUrl ?? '', nickname: profile.nickname ?? '', bio: profile.bio ?? '' });
  },

  onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
    this.chosenAvatar = e.detail.avatarUrl;
    this.setData({ avatarUrl: e.detail.avatarUrl });
  },

  onNickname(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ nickname: e.detail.value });
  },

  onBio(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ bio: e.detail.value });
  },

  async onSave() {
    const nickname = this.data.nickname.trim();
    if (!nickname) {
      void wx.showToast({ title: '请填写昵称', icon: 'none' });
      return;
    }
    this.setData({ saving: true });
    try {
      const messaging = await appMessaging();
      const changes: ProfileChanges = { nickname, bio: this.data.bio.trim() };
      if (this.chosenAvatar) changes.avatarUrl = await uploadAvatar(messaging.cloud, messaging.me.openid, this.chosenAvatar);
      const saved = await saveProfile(messaging.cloud, changes);
      Object.assign(messaging.me.profile, changes, saved ?? {});
      this.chosenAvatar = '';
      void wx.showToast({ title: '已保存', icon: 'success' });
      void wx.navigateBack({ delta: 1 });
    } catch (err) {
      const message = (err as { userMessage?: string }).userMessage ?? '保存失败，请稍后再试';
      void wx.showToast({ title: message, icon: 'none' });
    } finally {
      this.setData({ saving: false });
    }
  },
});
