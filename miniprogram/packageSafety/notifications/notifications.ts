// The notification centre: in-app notices (report outcomes, moderation decisions on my messages),
// newest first. Notices are written by functions and read-only for the app, so "unread" is kept on
// this device: the newest time seen, saved when the page is shown.
import type { Notice } from '../../services/notifications';
import type { MyReport } from '../../services/safety';
import { toMillis } from '../../stores/conversations';
import { appMessaging } from '../../root';
import { appSafety } from '../../root';
import { seenKey, toRow, type NoticeRow } from './notice-view';
import { routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { failureText } from '../../utils/reasons';

Page({
  ...withLocale,
  notices: [] as Notice[],
  data: { rows: [] as NoticeRow[], loaded: false, error: '' },

  onShow() {
    showTitle('title_notifications');
    void this.load();
  },

  async onPullDownRefresh() {
    await this.load();
    void wx.stopPullDownRefresh();
  },

  async load() {
    try {
      const [{ safety, notifications }, messaging] = await Promise.all([appSafety(), appMessaging()]);
      const openid = messaging.me.openid;
      const notices = await notifications.notices();
      const reportIds = notices.filter((n) => n.kind === 'report_resolved' && n.reportId).map((n) => n.reportId!);
      // the outcome's detail is a nicety: without it the notice's own words stand
      const reports: MyReport[] = await safety.myReports([...new Set(reportIds)]).catch(() => []);
      const byId = new Map(reports.map((r) => [r._id, r]));
      const lastSeen = Number(wx.getStorageSync(seenKey(openid)) || 0);
      const now = Date.now();
      this.notices = notices;
      this.setData({ rows: notices.map((n) => toRow(n, n.reportId ? byId.get(n.reportId) : undefined, lastSeen, now)), loaded: true, error: '' });
      const newest = notices.reduce((t, n) => Math.max(t, toMillis(n.createdAt)), lastSeen);
      if (newest > lastSeen) wx.setStorageSync(seenKey(openid), newest);
    } catch (err) {
      this.setData({ loaded: true, error: failureText(err, tr('notices_loadFailed')) });
    }
  },

  onOpen(e: WechatMiniprogram.BaseEvent) {
    const row = this.data.rows.find((r) => r.id === (e.currentTarget.dataset as { id: string }).id);
    if (row?.conversationId) void wx.navigateTo({ url: routes.chat(row.conversationId) });
  },
});
