// My data: export everything (counts, and a temporary link to copy), or delete the account. The
// deletion asks what becomes of my messages (delete or keep anonymised) and needs 注销账号 typed:
// the function refuses anything else, so a stray tap can never delete an account.
import type { ExportResult, MessageChoice } from '../../services/safety';
import { appSafety } from '../../root';

/** What a person types to confirm, in the app's language; the function gets its own token. */
const CONFIRM_WORD = '注销账号';
const errorToast = (err: unknown, fallback: string) => void wx.showToast({ title: (err as { userMessage?: string }).userMessage ?? fallback, icon: 'none' });

Page({
  data: {
    exporting: false,
    exported: false,
    counts: { memberships: 0, messages: 0, reports: 0, notifications: 0 } as ExportResult['counts'],
    url: '',
    choice: 'anonymise' as MessageChoice,
    typed: '',
    confirmWord: CONFIRM_WORD,
    deleting: false,
    deleted: false,
    deletedMessages: '',
  },

  async onExport() {
    if (this.data.exporting) return;
    this.setData({ exporting: true });
    try {
      const { safety } = await appSafety();
      const { counts, tempFileURL } = await safety.exportData();
      this.setData({ exported: true, counts, url: tempFileURL });
    } catch (err) {
      errorToast(err, '导出失败，请稍后再试');
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
    if (typed !== CONFIRM_WORD) {
      void wx.showToast({ title: `请输入「${CONFIRM_WORD}」以确认`, icon: 'none' });
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
      this.setData({ deleted: true, deletedMessages: choice === 'delete' ? `你发过的 ${n} 条消息已删除` : `你发过的 ${n} 条消息已匿名` });
    } catch (err) {
      errorToast(err, '删除失败，请稍后再试');
    } finally {
      this.setData({ deleting: false });
    }
  },
});
