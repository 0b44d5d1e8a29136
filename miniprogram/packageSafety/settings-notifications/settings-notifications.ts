// Notification settings: the master switch, quiet hours (two half-hour pickers), and the "notify me"
// button that asks WeChat for consent and shows the sends left per template. Every change is saved
// at once through the `notifications` function, whose answer (the stored settings) is shown.
import type { NotificationSettings, NotificationsService } from '../../services/notifications';
import { appSafety } from '../../root';
import { DEFAULT_QUIET, TIMES, indexOf, quietHours } from './quiet-hours';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { toastError } from '../../utils/reasons';

type PickerEvent = WechatMiniprogram.CustomEvent<{ value: number | string }>;
const errorToast = (err: unknown) => toastError(err, tr('common_saveFailed'));

/** '还可提醒 3 次' for each template. */
const creditLines = (messages: number, reports: number) => ({
  messagesCredits: messages,
  reportCredits: reports,
  messagesLine: tr('notify_remaining', { n: messages }),
  reportLine: tr('notify_remaining', { n: reports }),
});

Page({
  ...withLocale,
  /** Held from load on, so the consent tap reaches WeChat without waiting for anything. */
  notifications: null as NotificationsService | null,
  data: {
    loaded: false,
    enabled: true,
    quietOn: false,
    start: DEFAULT_QUIET.start,
    end: DEFAULT_QUIET.end,
    startIndex: indexOf(DEFAULT_QUIET.start),
    endIndex: indexOf(DEFAULT_QUIET.end),
    times: TIMES,
    messagesCredits: 0,
    reportCredits: 0,
    messagesLine: '',
    reportLine: '',
  },

  async onLoad() {
    showTitle('title_settingsNotifications');
    try {
      const { notifications } = await appSafety();
      this.notifications = notifications;
      await notifications.loadTemplates();
      this.show(await notifications.getSettings());
    } catch (err) {
      errorToast(err);
    }
  },

  show(s: NotificationSettings) {
    const n = this.notifications!;
    const q = s.quietHours;
    this.setData({
      loaded: true,
      enabled: s.enabled,
      quietOn: !!q,
      ...(q ? { start: q.start, end: q.end, startIndex: indexOf(q.start), endIndex: indexOf(q.end) } : {}),
      ...creditLines(s.credits[n.templateId('messages')] ?? 0, s.credits[n.templateId('reportResolved')] ?? 0),
    });
  },

  async save(changes: Parameters<NotificationsService['setSettings']>[0]) {
    if (!this.notifications) return;
    try {
      this.show(await this.notifications.setSettings(changes));
    } catch (err) {
      errorToast(err);
      this.show(await this.notifications.getSettings().catch(() => ({ enabled: this.data.enabled, quietHours: null, credits: {} })));
    }
  },

  onEnabled(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    this.setData({ enabled: e.detail.value });
    void this.save({ enabled: e.detail.value });
  },

  onQuiet(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    this.setData({ quietOn: e.detail.value });
    void this.save({ quietHours: e.detail.value ? quietHours(this.data.start, this.data.end) : null });
  },

  onStart(e: PickerEvent) {
    const start = TIMES[Number(e.detail.value)] ?? DEFAULT_QUIET.start;
    this.setData({ start, startIndex: indexOf(start) });
    void this.save({ quietHours: quietHours(start, this.data.end) });
  },

  onEnd(e: PickerEvent) {
    const end = TIMES[Number(e.detail.value)] ?? DEFAULT_QUIET.end;
    this.setData({ end, endIndex: indexOf(end) });
    void this.save({ quietHours: quietHours(this.data.start, end) });
  },

  /** From the tap: WeChat's sheet for both templates, then the ledger's answer. */
  async onConsent() {
    const n = this.notifications;
    if (!n) return;
    if (!this.data.enabled) {
      void wx.showToast({ title: tr('notify_turnOnFirst'), icon: 'none' });
      return;
    }
    try {
      const { accepted, credits } = await n.requestConsent(['messages', 'reportResolved']);
      if (credits) this.setData(creditLines(credits[n.templateId('messages')] ?? 0, credits[n.templateId('reportResolved')] ?? 0));
      void wx.showToast({ title: tr(accepted ? 'notify_subscribed' : 'notify_notSubscribed'), icon: accepted ? 'success' : 'none' });
    } catch (err) {
      errorToast(err);
    }
  },
});
