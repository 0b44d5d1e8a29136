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

type Changes = Omit<Extract<GroupsRequest, { action: 'update' }>, 'action' | 'conversationId'>;
type PickEvent = WechatMiniprogram.CustomEvent<{ value: number | string }>;
type SwitchEvent = WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { key: 'membersMayInvite' | 'historyForNewMembers' | 'fileSharing' }>;

/** My own member document as the engine keeps it live (fields the groups feature added). */
interface MyMember {
  notify?: Notify;
  mutedUntil?: number;
}

async function ask(title: string, content: string, placeholderText: string): Promise<string | null> {
  const res = await wx.showModal({ title, editable: true, content, placeholderText });
  return res.confirm ? String((res as { content?: string }).content ?? '').trim() : null;
}

async function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  const res = await wx.showModal({ title, content, confirmText, confirmColor: '#d54941' });
  return res.confirm;
}

/** How often the owner's page asks how far a dissolve has got. */
const DISSOLVE_POLL_MS = 2000;

Page({
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
    code: null as { code: string; line: string } | null,
    /** A dissolve in progress (the owner's view of the job). */
    dissolving: null as { done: number; total: number; percent: number } | null,
  },

  onLoad(query: Record<string, string | undefined>) {
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
        this.setData({ requests: requests.length });
      }
    } catch (err) {
      this.setData({ ready: true, error: (err as { userMessage?: string }).userMessage ?? '加载失败' });
    }
  },

  /** One change through the groups function, then a fresh view (the server may add to it). */
  async run(work: () => Promise<unknown>, done = '已保存') {
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
      if (!/cancel/.test(String((err as { errMsg?: string }).errMsg ?? ''))) toastError(err, '上传失败');
    }
  },
  async onName() {
    if (!this.data.view?.can.edit) return;
    const name = await ask('群名称', this.data.view?.name ?? '', '最多 40 字');
    if (name) await this.update({ name: name.slice(0, 40) });
  },
  async onDescription() {
    if (!this.data.view?.can.edit) return;
    const description = await ask('群介绍', this.data.view?.description ?? '', '介绍一下这个群');
    if (description !== null) await this.update({ description: description.slice(0, 500) });
  },
  async onTags() {
    if (!this.data.view?.can.edit) return;
    const line = await ask('标签', (this.data.view?.tagsLabel ?? '').replace(/#/g, ''), '用空格分隔，最多 10 个');
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
    void this.run(async () => (await appGroups()).muteAll(this.conversationId, on), on ? '已全员禁言' : '已解除全员禁言');
  },
  async onAnnouncement() {
    if (!this.data.view?.can.pin) return;
    const text = await ask('群公告', this.data.view?.announcement ?? '', '发布后置顶在群聊顶部；留空则撤下');
    if (text === null) return;
    await this.run(async () => (await appGroups()).setAnnouncement(this.conversationId, text.slice(0, 1000)), text ? '已发布' : '已撤下');
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
    const fallback = { title: `邀请你加入「${view?.name ?? '群聊'}」`, path: routes.groupJoin({ id: this.conversationId }) };
    const promise = appGroups()
      .then((groups) => groups.createInvitation({ conversationId: this.conversationId, kind: 'share' }))
      .then((inv) => ({ ...fallback, path: inv.path ? `/${inv.path}` : routes.groupJoin({ token: inv.token ?? '' }) }))
      .catch(() => fallback); // a public group's card still opens its profile
    return { ...fallback, promise };
  },
  async onCode() {
    try {
      const inv = await (await appGroups()).createInvitation({ conversationId: this.conversationId, kind: 'code' });
      const line = `${momentLabel(inv.expiresAt, Date.now())} 前有效 · 可使用 ${inv.maxUses} 次`;
      this.setData({ code: { code: inv.code ?? '', line } });
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
      const { tapIndex } = await wx.showActionSheet({ itemList: ['退出群聊', '退出并删除我发过的消息'], alertText: '退出后不再接收此群消息' });
      erase = tapIndex === 1;
    } catch {
      return; // cancelled
    }
    const ok = await confirm('确定退出群聊？', erase ? '你在群里发过的消息会被删除，无法恢复。' : '群里的其他人会看到你已退出。', '退出');
    if (ok) await this.finish(async () => (await appGroups()).leave(this.conversationId, erase), '已退出');
  },
  async onDissolve() {
    const ok = await confirm('解散群聊？', '所有成员将被移出，群聊无法恢复。', '解散');
    if (!ok) return;
    try {
      // A large group is dissolved by a job: the page shows its progress until it is done.
      const first = await (await appGroups()).dissolve(this.conversationId);
      if (first.status === 'done') return this.finish(async () => undefined, '已解散');
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
      await this.finish(async () => undefined, '已解散');
    } catch (err) {
      toastError(err);
    }
  },
  showDissolve(p: { removedMembers: number; total?: number }) {
    this.setData({ dissolving: { done: p.removedMembers, total: p.total ?? 0, percent: p.total ? Math.min(100, Math.floor((p.removedMembers / p.total) * 100)) : 0 } });
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
