// A member card: avatar, nickname, bio, and "send message" (opens or finds the direct chat).
import type { Messaging } from '../../services/messaging';
import { appMessaging } from '../../root';
import { loadProfile, nameText } from '../../utils/profiles';
import { pageQuery, routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { toastError } from '../../utils/reasons';

Page({
  ...withLocale,
  data: { openid: '', nickname: '', avatarUrl: '', bio: '', isMe: false, loaded: false, opening: false },
  messaging: null as Messaging | null,
  conversationId: '',

  async onLoad(query: Record<string, string | undefined>) {
    showTitle('title_user');
    const { openid, conversationId } = pageQuery(query, 'openid', 'conversationId');
    this.conversationId = conversationId;
    const messaging = await appMessaging();
    this.messaging = messaging;
    const known = messaging.conversations.peers[openid];
    this.setData({ openid, isMe: openid === messaging.me.openid, nickname: known ? nameText(openid, known.nickname, 'common_user') : '', avatarUrl: known?.avatarUrl ?? '' });
    try {
      const user = await loadProfile(messaging, openid);
      this.setData({ nickname: nameText(openid, user?.nickname, 'common_user'), avatarUrl: user?.avatarUrl ?? '', bio: user?.bio ?? '', loaded: true });
    } catch {
      this.setData({ loaded: true });
    }
  },

  async onSendMessage() {
    const messaging = this.messaging;
    if (!messaging || this.data.opening) return;
    this.setData({ opening: true });
    try {
      const { conversationId } = await messaging.openDirect(this.data.openid);
      void wx.navigateTo({ url: routes.chat(conversationId, this.data.nickname) });
    } catch (err) {
      toastError(err, tr('user_cannotChat'));
    } finally {
      this.setData({ opening: false });
    }
  },

  /** ?conversationId= (when opened from a group) goes with the report, so a moderator sees where. */
  onReport() {
    const { openid, nickname } = this.data;
    void wx.navigateTo({ url: routes.reportUser(openid, nickname, this.conversationId || undefined) });
  },

  onEdit() {
    void wx.navigateTo({ url: routes.profileEdit() });
  },
});
