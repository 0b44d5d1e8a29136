// "Read by": the members who have read a message (read-up-to seq >= the message's), in pages.
import type { Messaging } from '../../services/messaging';
import { appMessaging } from '../../root';
import { pageQuery, routes } from '../../utils/routes';

interface ReaderRow {
  openid: string;
  nickname: string;
  avatarUrl: string;
}

Page({
  data: { readers: [] as ReaderRow[], total: 0, loaded: false, loading: false },
  query: { conversationId: '', seq: 0 },
  messaging: null as Messaging | null,

  async onLoad(query: Record<string, string | undefined>) {
    const { conversationId, seq } = pageQuery(query, 'conversationId', 'seq');
    this.query = { conversationId, seq: Number(seq) || 0 };
    this.messaging = await appMessaging();
    await this.loadMore();
  },

  async loadMore() {
    const messaging = this.messaging;
    if (!messaging || this.data.loading || (this.data.loaded && this.data.readers.length >= this.data.total)) return;
    this.setData({ loading: true });
    try {
      const page = await messaging.cloud.readers(this.query.conversationId, this.query.seq, this.data.readers.length);
      const readers = this.data.readers.concat(page.readers);
      this.setData({ readers, total: page.total, loaded: true });
      void wx.setNavigationBarTitle({ title: `${page.total}人已读` });
    } catch {
      void wx.showToast({ title: '加载失败', icon: 'none' });
    } finally {
      this.setData({ loading: false });
    }
  },

  onReachBottom() {
    void this.loadMore();
  },

  onOpen(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { openid: string }>) {
    void wx.navigateTo({ url: routes.user(e.currentTarget.dataset.openid) });
  },
});
