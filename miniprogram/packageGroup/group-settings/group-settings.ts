// A group's settings, for everyone in it: what each person sees follows the permission matrix
// (allowedOperations). Members: members list, invite, notifications, leave. Admins: also the
// profile, the announcement, settings, mute-all and join requests. The owner: also transfer and
// dissolve. Every destructive step asks first.
import type { Notify } from '../../../domain/contracts/groups-responses';
import { uploadGroupAvatar, type GroupsRequest } from '../../services/groups';
import { appGroups, appMessaging } from '../../root';
import { toastError } from '../../utils/reasons';
import { CATEGORY_OPTIONS, POLICY_OPTIONS, SLOW_MODE_OPTIONS, parseTags } from '../../utils/group-form';
import { momentLabel } from '../../utils/when';
import { NOTIFY_OPTIONS, settingsView, type SettingsView } from './settings-view';
import { pageQuery, routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { failureText } from '../../utils/reasons';

type Changes = Omit<Extract<GroupsRequest, { action: 'update' }>, 'action' | 'conversationId'>;
type PickEvent = WechatMiniprogram.CustomEvent<{ value: number | string }>;
type SwitchEvent = WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { key: 'membersMayInvite' | 'historyForNewMembers' | 'fileSharing' }>;

/** My own member document as the engine keeps it live (fields the groups feature added). */
interface MyMember {
  notify?: Notify;
  mutedUntil?: number;
}

async function ask(title: string, content: string, placeholderText: string): Promise<string | null> {
  const res = await wx.showModal({ title, editable: true, content, placeholderText, confirmText: tr('common_confirm'), cancelText: tr('common_cancel') });
  return res.confirm ? String((res as { content?: string }).content ?? '').trim() : null;
}

async function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  const res = await wx.showModal({ title, content, confirmText, cancelText: tr('common_cancel'), confirmColor: '#d54941' });
  return res.confirm;
}

/** How often the owner's page asks how far a dissolve has got. */
const DISSOLVE_POLL_MS = 2000;

Page({
  ...withLocale,
  conversationId: '',
  dissolveTimer: null as ReturnType<typeof setTimeout> | null,
  unloaded: false,
  data: {
    ready: false,
    error: '',
    view: null as SettingsView | null,
    categories: CATEGORY_OPTIONS,
    policies: POLICY_OPTIONS,
    slowModes: SLOW_MODE_OPTIONS,
    notifyOptions: NOTIFY_OPTIONS,
    requests: 0,
    /** '1 条待处理' / '暂无' */
    requestsLabel: '',
    code: null as { code: string; line: string } | null,
    /** The code's line with its tap hint. */
    codeLine: '',
    /** A dissolve in progress (the owner's view of the job). */
    dissolving: null as { line: string } | null,
  },

  onLoad(query: Record<string, string | undefined>) {
    showTitle('title_groupSettings');
    this.conversationId = pageQuery(query, 'id').id;
  },

  onUnload() {
    this.unloaded = true;
    if (this.dissolveTimer) clearTimeout(this.dissolveTimer);
  },

  onShow() {
    void this.load();
  },

  async load() {
    try {
      const [groups, messaging] = await Promise.all([appGroups(), appMessaging()]);
      const preview = await groups.preview({ conversationId: this.conversationId });
      const me = (messaging.conversations.members[this.conversationId] ?? {}) as MyMember;
      const view = settingsView(preview, me.notify ?? 'all', Number(me.mutedUntil ?? 0), Date.now());
      this.setData({ ready: true, error: '', view });
      if (view.can.approve) {
        const { requests } = await groups.listRequests(this.conversationId);
        this.setData({ requests: requests.length, requestsLabel: requests.length ? tr('settings_pending', { n: requests.length }) : tr('common_none') });
      }
    } catch (err) {
      this.setData({ ready: true, error: failureText(err) });
    }
  },

  /** One change through the groups function, then a fresh view (the server may add to it). */
  async run(work: () => Promise<unknown>, done = tr('common_saved')) {
    try {
      await work();
      if (done) void wx.showToast({ title: done, icon: 'success' });
      await this.load();
    } catch (err) {
      toastError(err);
    }
  },

  update(changes: Changes) {
    return this.run(async () => (await appGroups()).update({ conversationId: this.conversationId, ...changes }));
  },

  // Profile.
  async onAvatar() {
    if (!this.data.view?.can.edit) return;
    try {
      const { tempFiles } = await wx.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] });
      const path = tempFiles[0]?.tempFilePath;
      if (!path) return;
      const avatarUrl = await uploadGroupAvatar((await appMessaging()).cloud, this.conversationId, path);
      await this.update({ avatarUrl });
    } catch (err) {
      if (!/cancel/.test(String((err as { errMsg?: string }).errMsg ?? ''))) toastError(err, tr('common_uploadFailed'));
    }
  },
  async onName() {
    if (!this.data.view?.can.edit) return;
    const name = await ask(tr('settings_name'), this.data.view?.name ?? '', tr('settings_nameHint'));
    if (name) await this.update({ name: name.slice(0, 40) });
  },
  async onDescription() {
    if (!this.data.view?.can.edit) return;
    const description = await ask(tr('settings_description'), this.data.view?.description ?? '', tr('settings_descriptionHint'));
    if (description !== null) await this.update({ description: description.slice(0, 500) });
  },
  async onTags() {
    if (!this.data.view?.can.edit) return;
    const line = await ask(tr('settings_tags'), (this.data.view?.tagsLabel ?? '').replace(/#/g, ''), tr('settings_tagsHint'));
    if (line !== null) await this.update({ tags: parseTags(line) });
  },
  onCategory(e: PickEvent) {
    void this.update({ category: CATEGORY_OPTIONS[Number(e.detail.value)].id });
  },
  onPolicy(e: PickEvent) {
    void this.update({ joinPolicy: POLICY_OPTIONS[Number(e.detail.value)].id });
  },
  onPublic(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    void this.update({ visibility: e.detail.value ? 'public' : 'private' });
  },

  // Settings.
  onSetting(e: SwitchEvent) {
    void this.update({ settings: { [e.currentTarget.dataset.key]: e.detail.value } });
  },
  onSlowMode(e: PickEvent) {
    void this.update({ settings: { slowModeSeconds: SLOW_MODE_OPTIONS[Number(e.detail.value)].seconds } });
  },
  onMuteAll(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    const on = e.detail.value;
    void this.run(async () => (await appGroups()).muteAll(this.conversationId, on), tr(on ? 'settings_mutedAll' : 'settings_unmutedAll'));
  },
  async onAnnouncement() {
    if (!this.data.view?.can.pin) return;
    const text = await ask(tr('settings_announcement'), this.data.view?.announcement ?? '', tr('settings_announcementHint'));
    if (text === null) return;
    await this.run(async () => (await appGroups()).setAnnouncement(this.conversationId, text.slice(0, 1000)), tr(text ? 'settings_published' : 'settings_withdrawn'));
  },
  onNotify(e: PickEvent) {
    const notify = NOTIFY_OPTIONS[Number(e.detail.value)].id;
    void this.run(async () => (await appGroups()).setNotify(this.conversationId, notify));
  },

  // People.
  onMembers() {
    void wx.navigateTo({ url: routes.groupMembers(this.conversationId) });
  },
  onRequests() {
    void wx.navigateTo({ url: routes.groupRequests(this.conversationId) });
  },
  onTransfer() {
    void wx.navigateTo({ url: routes.groupMembers(this.conversationId, 'transfer') });
  },

  // Invitations: a share card (token in the path) and a code to type.
  onShareAppMessage() {
    const view = this.data.view;
    const fallback = { title: tr('settings_shareTitle', { name: view?.name ?? tr('common_group') }), path: routes.groupJoin({ id: this.conversationId }) };
    const promise = appGroups()
      .then((groups) => groups.createInvitation({ conversationId: this.conversationId, kind: 'share' }))
      .then((inv) => ({ ...fallback, path: inv.path ? `/${inv.path}` : routes.groupJoin({ token: inv.token ?? '' }) }))
      .catch(() => fallback); // a public group's card still opens its profile
    return { ...fallback, promise };
  },
  async onCode() {
    try {
      const inv = await (await appGroups()).createInvitation({ conversationId: this.conversationId, kind: 'code' });
      const line = tr('settings_codeLine', { time: momentLabel(inv.expiresAt, Date.now()), n: inv.maxUses });
      this.setData({ code: { code: inv.code ?? '', line }, codeLine: tr('settings_codeCopy', { line }) });
    } catch (err) {
      toastError(err);
    }
  },
  onCopyCode() {
    if (this.data.code) void wx.setClipboardData({ data: this.data.code.code });
  },

  // Leaving.
  async onLeave() {
    let erase = false;
    try {
      const { tapIndex } = await wx.showActionSheet({ itemList: [tr('settings_leave'), tr('settings_leaveErase')], alertText: tr('settings_leaveAlert') });
      erase = tapIndex === 1;
    } catch {
      return; // cancelled
    }
    const ok = await confirm(tr('settings_leaveConfirm'), tr(erase ? 'settings_leaveEraseText' : 'settings_leaveText'), tr('settings_leaveButton'));
    if (ok) await this.finish(async () => (await appGroups()).leave(this.conversationId, erase), tr('settings_left'));
  },
  async onDissolve() {
    const ok = await confirm(tr('settings_dissolveConfirm'), tr('settings_dissolveText'), tr('settings_dissolveButton'));
    if (!ok) return;
    try {
      // A large group is dissolved by a job: the page shows its progress until it is done.
      const first = await (await appGroups()).dissolve(this.conversationId);
      if (first.status === 'done') return this.finish(async () => undefined, tr('settings_dissolved'));
      this.showDissolve(first);
      for (let progress = first; progress.status !== 'done';) {
        await new Promise((resolve) => {
          this.dissolveTimer = setTimeout(resolve, DISSOLVE_POLL_MS);
        });
        if (this.unloaded) return;
        progress = await (await appGroups()).dissolveProgress(this.conversationId);
        this.showDissolve(progress);
        if (progress.status === 'failed') throw new Error('dissolve failed');
      }
      await this.finish(async () => undefined, tr('settings_dissolved'));
    } catch (err) {
      toastError(err);
    }
  },
  showDissolve(p: { removedMembers: number; total?: number }) {
    const total = p.total ?? 0;
    const percent = total ? Math.min(100, Math.floor((p.removedMembers / total) * 100)) : 0;
    this.setData({ dissolving: { line: tr('settings_dissolving', { done: p.removedMembers, total: total ? ` / ${total}` : '', percent }) } });
  },
  /** The group is gone for me: back to the conversation list. */
  async finish(work: () => Promise<unknown>, done: string) {
    try {
      await work();
      void wx.showToast({ title: done, icon: 'success' });
      void wx.switchTab({ url: '/pages/conversations/conversations' });
    } catch (err) {
      toastError(err);
    }
  },
});
