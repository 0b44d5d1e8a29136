// A group's members, 20 at a time by keyset cursor (onReachBottom; every member reachable at any
// depth), searchable by nickname prefix. Tapping someone opens the actions the
// permission matrix allows me on them (mute for 10 min / 1 h / 1 day, unmute, remove, ban,
// promote / demote, transfer). With ?pick=transfer a tap hands the group over (after asking).
import type { Standing } from '../../../domain/permissions';
import type { MemberViewWire } from '../../services/groups';
import { appGroups } from '../../root';
import { toastError } from '../../utils/reasons';
import { appMessaging } from '../../root';
import { toMemberRow, type MemberRowView } from '../components/member-row/member-row-view';
import { MUTE_DURATIONS, memberActions, type MemberAction } from './member-actions';
import { pageQuery, routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { nameText } from '../../utils/profiles';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 300;

async function sheet(itemList: string[]): Promise<number> {
  try {
    return (await wx.showActionSheet({ itemList })).tapIndex;
  } catch {
    return -1; // cancelled
  }
}

Page({
  ...withLocale,
  conversationId: '',
  myOpenid: '',
  standing: 'none' as Standing,
  pickTransfer: false,
  members: [] as MemberViewWire[],
  /** The next page's cursor (none before the first page); `finished` after the last. */
  cursor: undefined as string | undefined,
  finished: false,
  generation: 0,
  searchTimer: null as ReturnType<typeof setTimeout> | null,
  data: {
    rows: [] as MemberRowView[],
    total: 0,
    /** '共 4 位成员' / '找到 2 位成员' */
    countLine: '',
    query: '',
    loading: false,
    done: false,
    pickTransfer: false,
  },

  async onLoad(query: Record<string, string | undefined>) {
    this.conversationId = pageQuery(query, 'id').id;
    this.pickTransfer = query.pick === 'transfer';
    this.setData({ pickTransfer: this.pickTransfer });
    showTitle(this.pickTransfer ? 'title_pickOwner' : 'title_groupMembers');
    try {
      const [messaging, groups] = await Promise.all([appMessaging(), appGroups()]);
      this.myOpenid = messaging.me.openid;
      this.standing = (await groups.preview({ conversationId: this.conversationId })).standing;
    } catch (err) {
      toastError(err);
    }
    await this.reload();
  },

  onUnload() {
    if (this.searchTimer) clearTimeout(this.searchTimer);
  },

  onReachBottom() {
    void this.more();
  },

  reload(): Promise<void> {
    this.generation++;
    this.members = [];
    this.cursor = undefined;
    this.finished = false;
    this.setData({ rows: [], done: false, loading: false });
    return this.more();
  },

  async more() {
    const cursor = this.cursor;
    if (this.finished || this.data.loading) return;
    const generation = this.generation;
    const query = this.data.query.trim().slice(0, 32);
    this.setData({ loading: true });
    try {
      const page = await (await appGroups()).members({ conversationId: this.conversationId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}), ...(query ? { query } : {}) });
      if (generation !== this.generation) return;
      const at = this.members.length;
      this.members = [...this.members, ...page.members];
      this.cursor = page.nextCursor;
      this.finished = !page.nextCursor;
      // Appended by path: a deep page sends its own 20 rows, not the whole list again.
      const now = Date.now();
      const rows: Record<string, unknown> = { total: page.total, countLine: tr(this.data.query ? 'members_found' : 'members_total', { n: page.total }), done: page.nextCursor === undefined };
      page.members.forEach((m, i) => (rows[`rows[${at + i}]`] = toMemberRow(m, this.myOpenid, now)));
      this.setData(rows);
    } catch (err) {
      if (generation === this.generation) toastError(err, tr('common_loadFailed'));
    } finally {
      if (generation === this.generation) this.setData({ loading: false });
    }
  },

  render(extra: Record<string, unknown> = {}) {
    const now = Date.now();
    this.setData({ rows: this.members.map((m) => toMemberRow(m, this.myOpenid, now)), ...extra });
  },

  onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ query: e.detail.value });
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.reload(), SEARCH_DEBOUNCE_MS);
  },

  async onSelect(e: WechatMiniprogram.CustomEvent<{ openid: string }>) {
    const member = this.members.find((m) => m.openid === e.detail.openid);
    if (!member) return;
    const target = { openid: member.openid, name: nameText(member.openid, member.nickname), role: member.role, mutedUntil: member.mutedUntil };
    const actions = memberActions(this.standing, target, this.myOpenid, Date.now());
    if (this.pickTransfer) {
      const transfer = actions.find((a) => a.kind === 'call' && a.action === 'transfer');
      if (transfer) return this.perform(transfer, member);
      void wx.showToast({ title: tr('members_pickOther'), icon: 'none' });
      return;
    }
    const index = await sheet(actions.map((a) => a.label));
    if (index >= 0) await this.perform(actions[index], member);
  },

  async perform(action: MemberAction, member: MemberViewWire) {
    if (action.kind === 'profile') {
      void wx.navigateTo({ url: routes.user(member.openid) });
      return;
    }
    const groups = await appGroups();
    try {
      if (action.kind === 'mute') {
        const index = await sheet(MUTE_DURATIONS.map((d) => tr('members_muteFor', { duration: d.label })));
        if (index < 0) return;
        await groups.mute(this.conversationId, member.openid, MUTE_DURATIONS[index].minutes);
        void wx.showToast({ title: tr('members_mutedDone'), icon: 'success' });
      } else {
        if (action.confirm) {
          const res = await wx.showModal({ title: action.label, content: action.confirm, confirmText: tr('common_confirm'), cancelText: tr('common_cancel'), confirmColor: '#d54941' });
          if (!res.confirm) return;
        }
        await groups.onMember(action.action, this.conversationId, member.openid);
        void wx.showToast({ title: tr('common_done'), icon: 'success' });
        if (action.action === 'transfer') {
          void wx.navigateBack({ delta: 1 });
          return;
        }
      }
    } catch (err) {
      toastError(err);
      return;
    }
    await this.reload();
  },
});
