// Join requests of an 'approval' group, oldest first: approve or reject each. Approved people
// join at once (a system line in the chat says so); the list drops each answered request.
import type { JoinRequestWire } from '../../services/groups';
import { appGroups } from '../../root';
import { toastError } from '../../utils/reasons';
import { momentLabel } from '../../utils/when';
import { toMillis } from '../../stores/conversations';
import { pageQuery } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';
import { nameText } from '../../utils/profiles';

interface RequestRow {
  openid: string;
  name: string;
  note: string;
  when: string;
}

function toRow(r: JoinRequestWire, now: number): RequestRow {
  return { openid: r.openid, name: r.nickname ? nameText(r.openid, r.nickname) : tr('requests_newFriend'), note: r.note, when: momentLabel(toMillis(r.createdAt), now) };
}

type DecideEvent = WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { openid: string }>;

Page({
  ...withLocale,
  conversationId: '',
  requests: [] as JoinRequestWire[],
  nextOffset: 0 as number | undefined,
  data: { rows: [] as RequestRow[], loading: true, busy: '' },

  onLoad(query: Record<string, string | undefined>) {
    showTitle('title_groupRequests');
    this.conversationId = pageQuery(query, 'id').id;
    void this.more();
  },

  onReachBottom() {
    void this.more();
  },

  async more() {
    const offset = this.nextOffset;
    if (offset === undefined) return;
    this.setData({ loading: true });
    try {
      const page = await (await appGroups()).listRequests(this.conversationId, offset);
      this.requests = [...this.requests, ...page.requests];
      this.nextOffset = page.nextOffset;
      this.render();
    } catch (err) {
      toastError(err, tr('common_loadFailed'));
    } finally {
      this.setData({ loading: false });
    }
  },

  render() {
    const now = Date.now();
    this.setData({ rows: this.requests.map((r) => toRow(r, now)) });
  },

  onApprove(e: DecideEvent) {
    void this.decide(e.currentTarget.dataset.openid, true);
  },

  onReject(e: DecideEvent) {
    void this.decide(e.currentTarget.dataset.openid, false);
  },

  async decide(openid: string, approve: boolean) {
    if (this.data.busy) return;
    this.setData({ busy: openid });
    try {
      await (await appGroups()).decide(this.conversationId, openid, approve);
      this.requests = this.requests.filter((r) => r.openid !== openid);
      this.render();
      void wx.showToast({ title: tr(approve ? 'requests_approved' : 'requests_rejected'), icon: 'success' });
    } catch (err) {
      toastError(err);
    } finally {
      this.setData({ busy: '' });
    }
  },
});
