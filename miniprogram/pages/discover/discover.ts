// Discover public groups (tab 2): categories now, the directory comes with the groups feature.
// Until then two basic entries: create a group, join a public group by its id.
import { appMessaging } from '../../utils/app-messaging';

/** A one-line prompt; '' when cancelled or left empty. */
async function ask(title: string, placeholderText: string): Promise<string> {
  const res = await wx.showModal({ title, editable: true, placeholderText, content: '' });
  return res.confirm ? String((res as { content?: string }).content ?? '').trim() : '';
}

function openChat(conversationId: string, title: string) {
  void wx.navigateTo({ url: `/pages/chat/chat?id=${encodeURIComponent(conversationId)}&title=${encodeURIComponent(title)}` });
}

function failed(err: unknown, fallback: string) {
  void wx.showToast({ title: (err as { userMessage?: string }).userMessage ?? fallback, icon: 'none' });
}

Page({
  data: {
    current: 'all',
    categories: [
      { id: 'all', name: '全部' },
      { id: 'tech', name: '科技' },
      { id: 'sports', name: '运动' },
      { id: 'reading', name: '读书' },
      { id: 'local', name: '同城' },
    ],
  },
  onCategory(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
    this.setData({ current: e.currentTarget.dataset.id });
  },
  async onCreateGroup() {
    const name = (await ask('创建群聊', '群名称（最多40字）')).slice(0, 40);
    if (!name) return;
    try {
      const { conversationId } = await (await appMessaging()).createGroup(name, 'public');
      openChat(conversationId, name);
    } catch (err) {
      failed(err, '创建失败，请稍后再试');
    }
  },
  async onJoinGroup() {
    const id = await ask('加入公开群', '群号');
    if (!id) return;
    try {
      const { conversationId } = await (await appMessaging()).join(id);
      openChat(conversationId, '群聊');
    } catch (err) {
      failed(err, '加入失败：群号不存在或需要审核');
    }
  },
});
