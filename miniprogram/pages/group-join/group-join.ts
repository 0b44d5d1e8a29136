// A group's profile before (and after) joining: who it is for, how many are in it, the pinned
// announcement, recent messages of public groups, and the one button the join policy allows.
// Arrives from the directory (?id=), from a share card (?token=) or from a typed code (?code=).
import { categoryLabel, type GroupPreviewWire, type InvitationInfo } from '../../services/groups';
import { appGroups } from '../../root';
import { toastError } from '../../utils/reasons';
import { appMessaging } from '../../root';
import { loadProfile } from '../../utils/profiles';
import { momentLabel } from '../../utils/when';
import { joinAction, type JoinAction } from './join-action';
import { pageQuery, routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { failureText } from '../../utils/reasons';
import { isMedia, mediaLine, nameInPreview } from '../../utils/previews';

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
  const who = inviter ? tr('join_invitedBy', { name: inviter }) : tr('join_invited');
  return tr('join_inviteLine', { who, time: momentLabel(info.expiresAt, now) });
}

function recentLines(p: GroupPreviewWire): RecentLine[] {
  return p.recentMessages
    .slice(0, RECENT)
    .reverse()
    .map((m) => ({
      id: m.messageId,
      system: m.type === 'system',
      name: m.senderName || tr('common_member'),
      text: isMedia(m.type) ? mediaLine(m.type, nameInPreview(m.text)) : m.text,
    }));
}

Page({
  ...withLocale,
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
    showTitle('title_groupJoin');
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
      this.setData({ loading: false, error: failureText(err, tr('common_loadFailedRetry')) });
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
      facts: [tr('join_memberCount', { n: g.memberCount }), g.category ? categoryLabel(g.category) : '', tr(g.visibility === 'private' ? 'join_private' : 'join_public')].filter(Boolean).join(' · '),
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
      const res = await wx.showModal({
        title: tr('join_requestTitle'),
        editable: true,
        placeholderText: tr('join_requestPlaceholder'),
        content: '',
        confirmText: tr('join_requestSend'),
        cancelText: tr('common_cancel'),
      });
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
        void wx.showToast({ title: tr('join_requestSent'), icon: 'success' });
        this.setData({ action: joinAction({ standing: 'none', joinPolicy: 'approval', requested: true, invited: false }) });
      } else {
        this.invite = {}; // used up: later loads show the group as a member sees it
        this.openChat();
      }
    } catch (err) {
      toastError(err, tr('join_failed'));
    } finally {
      this.setData({ busy: false });
    }
  },

  openChat() {
    const { conversationId, name } = this.data;
    void wx.redirectTo({ url: routes.chat(conversationId, name) });
  },
});
