// "Read by": the members who have read a message (read-up-to seq >= the message's), in pages of
// 50 by keyset cursor (onReachBottom), the same cost at any depth of a 100,000-member group.
import type { Messaging } from '../../services/messaging';
import { appMessaging } from '../../root';
import { pageQuery, routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { nameText } from '../../utils/profiles';

interface ReaderRow {
  openid: string;
  nickname: string;
  avatarUrl: string;
}

Page({
  ...withLocale,
  data: { readers: [] as ReaderRow[], total: 0, loaded: false, loading: false },
  query: { conversationId: '', seq: 0 },
  /** The next page's cursor (none before the first page); `finished` after the last. */
  cursor: undefined as string | undefined,
  finished: false,
  messaging: null as Messaging | null,

  async onLoad(query: Record<string, string | undefined>) {
    showTitle('title_readers');
    const { conversationId, seq } = pageQuery(query, 'conversationId', 'seq');
    this.query = { conversationId, seq: Number(seq) || 0 };
    this.messaging = await appMessaging();
    await this.loadMore();
  },

  async loadMore() {
    const messaging = this.messaging;
    if (!messaging || this.data.loading || this.finished) return;
    this.setData({ loading: true });
    try {
      const page = await messaging.cloud.readers(this.query.conversationId, this.query.seq, this.cursor);
      this.cursor = page.nextCursor;
      this.finished = !page.nextCursor;
      // Appended by path: one page's rows cross to the render thread, not the whole list.
      const at = this.data.readers.length;
      const rows: Record<string, unknown> = { total: page.total, loaded: true };
      page.readers.forEach((r, i) => (rows[`readers[${at + i}]`] = { ...r, nickname: nameText(r.openid, r.nickname) }));
      this.setData(rows);
      showTitle('title_readersCount', { n: page.total });
    } catch {
      void wx.showToast({ title: tr('common_loadFailed'), icon: 'none' });
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
