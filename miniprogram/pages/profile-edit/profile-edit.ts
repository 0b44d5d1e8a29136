// Edit my profile: avatar through WeChat's avatar chooser (<button open-type="chooseAvatar">),
// nickname through the nickname keyboard (<input type="nickname">), a short bio. Saved through
// the profile function; a new avatar is uploaded first.
import { appMessaging } from '../../root';
import { saveProfile, uploadAvatar, type ProfileChanges } from '../../services/profile';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { toastError } from '../../utils/reasons';
import { zhCN } from '../../../domain/i18n/zh-CN';

const BIO_MAX = 200;
const NICKNAME_MAX = 32;

Page({
  ...withLocale,
  data: {
    avatarUrl: '',
    nickname: '',
    bio: '',
    bioMax: BIO_MAX,
    nicknameMax: NICKNAME_MAX,
    saving: false,
    /** The profile has arrived: saving before it would overwrite it with empty fields. */
    loaded: false,
  },
  /** The temp path of a newly chosen avatar (uploaded on save), '' when unchanged. */
  chosenAvatar: '',

  async onLoad() {
    showTitle('title_profileEdit');
    const { profile } = (await appMessaging()).me;
    // the server's default name (WeChat's 微信用户) is not a name of one's own: the field starts empty
    const nickname = profile.nickname === zhCN.common_newUser ? '' : (profile.nickname ?? '');
    this.setData({ avatarUrl: profile.avatarUrl ?? '', nickname, bio: profile.bio ?? '', loaded: true });
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
      void wx.showToast({ title: tr('profile_nicknameRequired'), icon: 'none' });
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
      void wx.showToast({ title: tr('common_saved'), icon: 'success' });
      void wx.navigateBack({ delta: 1 });
    } catch (err) {
      toastError(err, tr('common_saveFailed'));
    } finally {
      this.setData({ saving: false });
    }
  },
});
