// A group's profile before (and after) joining: who it is for, how many are in it, the pinned
// announcement, recent messages of public groups, and the one button the join policy allows.
// Arrives from the directory (?id=), from a share card (?token=) or from a typed code (?code=).
import type { ServiceError } from '../../services/cloud';
import { categoryLabel, type GroupPreviewWire, type InvitationInfo } from '../../services/groups';
import { appGroups } from '../../root';
import { toastError } from '../../utils/reasons';
import { appMessaging } from '../../root';
import { loadProfile } from '../../utils/profiles';
import { momentLabel } from '../../utils/when';
import { joinAction, type JoinAction } from './join-action';
import { pageQuery, routes } from '../../utils/routes';

const RECENT = 6;

interface RecentLine {
  id: string;
  system: boolean;
  name: string;
  text: string;
}

interface JoinData {
  loading: boolean;
  /** Words for a group that cannot be shown (gone, private, a bad invitation). */
  error: string;
  conversationId: string;
  name: string;
  avatarUrl: string;
  description: string;
  facts: string;
  tags: string[];
  announcement: string;
  invitation: string;
  recent: RecentLine[];
  action: JoinAction;
  busy: boolean;
}

function invitationLine(info: InvitationInfo, inviter: string, now: number): string {
  const who = inviter ? `${inviter} 邀请你加入` : '你收到一个入群邀请';
  return `${who} · ${momentLabel(info.expiresAt, now)} 前有效`;
}

function recentLines(p: GroupPreviewWire): RecentLine[] {
  return p.recentMessages
    .slice(0, RECENT)
    .reverse()
    .map((m) => ({
      id: m.messageId,
      system: m.type === 'system',
      name: m.senderName || '群成员',
      text: m.text,
    }));
}

Page({
  invite: {} as { token?: string; code?: string },
  data: {
    loading: true,
    error: '',
    conversationId: '',
    name: '',
    avatarUrl: '',
    description: '',
    facts: '',
    tags: [],
    announcement: '',
    invitation: '',
    recent: [],
    action: { kind: 'none', label: '', hint: '' },
    busy: false,
  } as JoinData,

  onLoad(query: Record<string, string | undefined>) {
    const { token, code: rawCode, id } = pageQuery(query, 'token', 'code', 'id');
    const code = rawCode.toUpperCase();
    this.invite = token ? { token } : code ? { code } : {};
    this.setData({ conversationId: id });
    void this.load();
  },

  onShow() {
    // back from the chat or from settings: standing may have changed (joined, left, approved)
    if (!this.data.loading && this.data.conversationId) void this.load();
  },

  async load() {
    try {
      const groups = await appGroups();
      let conversationId = this.data.conversationId;
      let invitation = '';
      if (this.invite.token || this.invite.code) {
        const info = await groups.inspectInvitation(this.invite);
        conversationId = info.group.conversationId;
        const inviter = await this.inviterName(info.inviterId);
        invitation = invitationLine(info, inviter, Date.now());
      }
      const preview = await groups.preview({ conversationId, ...this.invite });
      this.show(preview, invitation);
    } catch (err) {
      this.setData({ loading: false, error: (err as ServiceError).userMessage ?? '加载失败，请稍后再试' });
    }
  },

  async inviterName(openid: string): Promise<string> {
    try {
      return (await loadProfile(await appMessaging(), openid))?.nickname ?? '';
    } catch {
      return '';
    }
  },

  show(p: GroupPreviewWire, invitation: string) {
    const g = p.group;
    const invited = Boolean(invitation);
    void wx.setNavigationBarTitle({ title: g.name });
    this.setData({
      loading: false,
      error: '',
      conversationId: g.conversationId,
      name: g.name,
      avatarUrl: g.avatarUrl,
      description: g.description,
      facts: [`${g.memberCount} 位成员`, g.category ? categoryLabel(g.category) : '', g.visibility === 'private' ? '私密群' : '公开群'].filter(Boolean).join(' · '),
      tags: g.tags ?? [],
      announcement: g.announcement,
      invitation,
      recent: recentLines(p),
      action: joinAction({ standing: p.standing, joinPolicy: g.joinPolicy, requested: p.requested, invited }),
    });
  },

  async onAction() {
    const { action, conversationId } = this.data;
    if (this.data.busy || action.kind === 'none') return;
    if (action.kind === 'open') return this.openChat();
    let note = '';
    if (action.kind === 'request') {
      const res = await wx.showModal({ title: '申请加入', editable: true, placeholderText: '介绍一下自己（可选）', content: '', confirmText: '发送申请' });
      if (!res.confirm) return;
      note = String((res as { content?: string }).content ?? '')
        .trim()
        .slice(0, 200);
    }
    this.setData({ busy: true });
    try {
      const groups = await appGroups();
      const invited = Boolean(this.invite.token || this.invite.code);
      const outcome = await groups.join(invited ? { ...this.invite } : { conversationId, ...(note ? { note } : {}) });
      if (outcome.status === 'requested') {
        void wx.showToast({ title: '已发送申请', icon: 'success' });
        this.setData({ action: joinAction({ standing: 'none', joinPolicy: 'approval', requested: true, invited: false }) });
      } else {
        this.invite = {}; // used up: later loads show the group as a member sees it
        this.openChat();
      }
    } catch (err) {
      toastError(err, '加入失败，请稍后再试');
    } finally {
      this.setData({ busy: false });
    }
  },

  openChat() {
    const { conversationId, name } = this.data;
    void wx.redirectTo({ url: routes.chat(conversationId, name) });
  },
});
