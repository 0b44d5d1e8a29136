// Create a group: name, description, category, tags, public or private, how people join. The
// creator becomes its owner and lands in its chat.
import { appGroups } from '../../root';
import { toastError } from '../../utils/reasons';
import { CATEGORY_OPTIONS, POLICY_OPTIONS, parseTags } from '../../utils/group-form';
import { routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';

Page({
  ...withLocale,
  onLoad() {
    showTitle('title_groupCreate');
  },
  data: {
    name: '',
    description: '',
    tags: '',
    categories: CATEGORY_OPTIONS,
    categoryIndex: 0,
    policies: POLICY_OPTIONS,
    policyIndex: 0,
    isPublic: true,
    saving: false,
  },

  onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ name: e.detail.value });
  },
  onDescription(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ description: e.detail.value });
  },
  onTags(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ tags: e.detail.value });
  },
  onCategory(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
    this.setData({ categoryIndex: Number(e.detail.value) });
  },
  onPolicy(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
    this.setData({ policyIndex: Number(e.detail.value) });
  },
  onPublic(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    this.setData({ isPublic: e.detail.value });
  },

  async onCreate() {
    const name = this.data.name.trim();
    if (!name) {
      void wx.showToast({ title: tr('create_nameRequired'), icon: 'none' });
      return;
    }
    if (this.data.saving) return;
    this.setData({ saving: true });
    try {
      const description = this.data.description.trim();
      const tags = parseTags(this.data.tags);
      const { conversationId } = await (
        await appGroups()
      ).create({
        name: name.slice(0, 40),
        ...(description ? { description } : {}),
        category: CATEGORY_OPTIONS[this.data.categoryIndex].id,
        ...(tags.length ? { tags } : {}),
        visibility: this.data.isPublic ? 'public' : 'private',
        // a private group is not in the directory: only invitations bring people in
        joinPolicy: this.data.isPublic ? POLICY_OPTIONS[this.data.policyIndex].id : 'invite',
      });
      void wx.redirectTo({ url: routes.chat(conversationId, name) });
    } catch (err) {
      toastError(err, tr('create_failed'));
    } finally {
      this.setData({ saving: false });
    }
  },
});
