// My data: export everything (counts, and a temporary link to copy), or delete the account. The
// deletion asks what becomes of my messages (delete or keep anonymised) and needs 注销账号 typed:
// the function refuses anything else, so a stray tap can never delete an account.
import type { ExportResult, MessageChoice } from '../../services/safety';
import { appSafety } from '../../root';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { toastError } from '../../utils/reasons';

/** What a person types to confirm, in the app's language; the function gets its own token. */
const errorToast = (err: unknown, fallback: string) => toastError(err, fallback);

Page({
  ...withLocale,
  onLoad() {
    showTitle('title_account');
    // the word to type is the reader's (注销账号 / DELETE), fixed for this visit
    const confirmWord = tr('account_confirmWord');
    this.setData({ confirmWord, confirmPlaceholder: tr('account_confirmPlaceholder', { word: confirmWord }) });
  },
  data: {
    exporting: false,
    exported: false,
    counts: { memberships: 0, messages: 0, reports: 0, notifications: 0 } as ExportResult['counts'],
    url: '',
    choice: 'anonymise' as MessageChoice,
    typed: '',
    confirmWord: tr('account_confirmWord'),
    confirmPlaceholder: tr('account_confirmPlaceholder', { word: tr('account_confirmWord') }),
    deleting: false,
    deleted: false,
    deletedText: '',
  },

  async onExport() {
    if (this.data.exporting) return;
    this.setData({ exporting: true });
    try {
      const { safety } = await appSafety();
      const { counts, tempFileURL } = await safety.exportData();
      this.setData({ exported: true, counts, url: tempFileURL });
    } catch (err) {
      errorToast(err, tr('account_exportFailed'));
    } finally {
      this.setData({ exporting: false });
    }
  },

  onCopy() {
    void wx.setClipboardData({ data: this.data.url });
  },

  onChoice(e: WechatMiniprogram.BaseEvent) {
    this.setData({ choice: (e.currentTarget.dataset as { choice: MessageChoice }).choice });
  },

  onTyped(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ typed: e.detail.value.trim() });
  },

  async onDelete() {
    const { typed, choice, deleting } = this.data;
    if (deleting) return;
    if (typed !== this.data.confirmWord) {
      void wx.showToast({ title: this.data.confirmPlaceholder, icon: 'none' });
      return;
    }
    this.setData({ deleting: true });
    try {
      const { safety } = await appSafety();
      const result = await safety.deleteAccount(choice);
      const n = result.messages.count;
      // this device's caches (outbox, conversation list) belonged to the deleted account
      try {
        wx.clearStorageSync();
      } catch {
        // nothing kept matters once the account is gone
      }
      this.setData({ deleted: true, deletedText: tr('account_deletedText', { messages: tr(choice === 'delete' ? 'account_deletedMessages' : 'account_anonymisedMessages', { n }) }) });
    } catch (err) {
      errorToast(err, tr('account_deleteFailed'));
    } finally {
      this.setData({ deleting: false });
    }
  },
});
