// Report a message or a person: pick a reason, add a note, submit. Opened from the chat's long-press
// menu (?messageId=&name=&preview=) or a member card (?userId=&name=[&conversationId=]). After the
// report is filed, the person may ask to be told the outcome by WeChat: that tap is the consent
// moment for the `reportResolved` template (the in-app notice comes either way).
import type { NotificationsService } from '../../services/notifications';
import { NOTE_MAX, REPORT_REASONS, type ReportReason, type ReportTarget } from '../../services/safety';
import { appSafety } from '../../root';
import { pageQuery } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { toastError } from '../../utils/reasons';

Page({
  ...withLocale,
  target: null as ReportTarget | null,
  /** Held from load on, so the "notify me" tap reaches WeChat without waiting for anything. */
  notifications: null as NotificationsService | null,
  data: {
    targetTitle: '',
    preview: '',
    reasons: [] as Array<{ id: ReportReason; label: string; hint: string }>,
    reason: '' as ReportReason | '',
    note: '',
    noteMax: NOTE_MAX,
    busy: false,
    done: false,
    created: true,
    subscribed: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    showTitle('title_report');
    const { name, messageId, preview, userId, conversationId } = pageQuery(query, 'name', 'messageId', 'preview', 'userId', 'conversationId');
    this.setData({ reasons: REPORT_REASONS.map((id) => ({ id, label: tr(`reportReason_${id}`), hint: tr(`reportReason_${id}Hint`) })) });
    if (messageId) {
      this.target = { type: 'message', messageId };
      this.setData({ targetTitle: name ? tr('report_targetMessageOf', { name }) : tr('report_targetMessage'), preview });
    } else if (userId) {
      this.target = { type: 'user', userId, ...(conversationId ? { conversationId } : {}) };
      this.setData({ targetTitle: tr('report_targetUser', { name: name || '' }).trim() });
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
      if (!reason) void wx.showToast({ title: tr('report_reasonRequired'), icon: 'none' });
      return;
    }
    this.setData({ busy: true });
    try {
      const { safety } = await appSafety();
      const { created } = await safety.report(this.target, reason, note);
      this.setData({ done: true, created });
    } catch (err) {
      toastError(err, tr('report_submitFailed'));
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
      toastError(err, tr('report_subscribeFailed'));
    }
  },

  onFinish() {
    void wx.navigateBack({ delta: 1 });
  },
});
