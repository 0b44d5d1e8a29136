// Report a message or a person: pick a reason, add a note, submit. Opened from the chat's long-press
// menu (?messageId=&name=&preview=) or a member card (?userId=&name=[&conversationId=]). After the
// report is filed, the person may ask to be told the outcome by WeChat: that tap is the consent
// moment for the `reportResolved` template (the in-app notice comes either way).
import type { NotificationsService } from '../../services/notifications';
import { NOTE_MAX, REPORT_REASONS, type ReportReason, type ReportTarget } from '../../services/safety';
import { appSafety } from '../../root';
import { pageQuery } from '../../utils/routes';

Page({
  target: null as ReportTarget | null,
  /** Held from load on, so the "notify me" tap reaches WeChat without waiting for anything. */
  notifications: null as NotificationsService | null,
  data: {
    targetTitle: '',
    preview: '',
    reasons: REPORT_REASONS,
    reason: '' as ReportReason | '',
    note: '',
    noteMax: NOTE_MAX,
    busy: false,
    done: false,
    created: true,
    subscribed: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    const { name, messageId, preview, userId, conversationId } = pageQuery(query, 'name', 'messageId', 'preview', 'userId', 'conversationId');
    if (messageId) {
      this.target = { type: 'message', messageId };
      this.setData({ targetTitle: name ? `举报 ${name} 的消息` : '举报消息', preview });
    } else if (userId) {
      this.target = { type: 'user', userId, ...(conversationId ? { conversationId } : {}) };
      this.setData({ targetTitle: `举报用户 ${name || ''}`.trim() });
    }
    // the template ids must be at hand before the "notify me" tap
    void appSafety()
      .then(({ notifications }) => {
        this.notifications = notifications;
        return notifications.loadTemplates();
      })
      .catch(() => undefined);
  },

  onPick(e: WechatMiniprogram.BaseEvent) {
    this.setData({ reason: (e.currentTarget.dataset as { id: ReportReason }).id });
  },

  onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ note: e.detail.value });
  },

  async onSubmit() {
    const { reason, note, busy } = this.data;
    if (!reason || busy || !this.target) {
      if (!reason) void wx.showToast({ title: '请选择举报原因', icon: 'none' });
      return;
    }
    this.setData({ busy: true });
    try {
      const { safety } = await appSafety();
      const { created } = await safety.report(this.target, reason, note);
      this.setData({ done: true, created });
    } catch (err) {
      void wx.showToast({ title: (err as { userMessage?: string }).userMessage ?? '提交失败，请稍后再试', icon: 'none' });
    } finally {
      this.setData({ busy: false });
    }
  },

  /** From the tap: WeChat's consent sheet first, then the ledger. */
  async onNotifyMe() {
    const notifications = this.notifications;
    if (!notifications) return;
    try {
      const { accepted } = await notifications.requestConsent(['reportResolved']);
      if (accepted) this.setData({ subscribed: true });
    } catch (err) {
      void wx.showToast({ title: (err as { userMessage?: string }).userMessage ?? '暂时无法订阅', icon: 'none' });
    }
  },

  onFinish() {
    void wx.navigateBack({ delta: 1 });
  },
});
