// Discover (tab 2): search public groups by name or tag (Chinese or English substrings), browse the
// directory by category, see recommendations from your interests; a card opens the group's
// profile (the join page), where joining happens. Also: create a group, join with a code.
import { CATEGORY_LABELS } from '../../services/groups';
import { toGroupCard, type GroupCardView } from '../../components/group-card/group-card-view';
import type { CategoryChip } from '../../components/category-chips/category-chips';
import { appGroups } from '../../root';
import { GroupFeed, type FeedState } from './group-feed';
import { routes } from '../../utils/routes';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 300;
const RECOMMENDED = 4;
const ALL = 'all';

const CHIPS: CategoryChip[] = [{ id: ALL, name: '全部' }, ...Object.entries(CATEGORY_LABELS).map(([id, name]) => ({ id, name }))];

interface DiscoverData {
  chips: CategoryChip[];
  current: string;
  query: string;
  /** The query the list shows results for ('' when browsing). */
  searched: string;
  recommended: GroupCardView[];
  groups: GroupCardView[];
  loading: boolean;
  done: boolean;
  error: string;
}

/** A code as people type it: spaces and dashes dropped, upper-cased. */
function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

Page({
  feed: null as GroupFeed | null,
  searchTimer: null as ReturnType<typeof setTimeout> | null,
  data: {
    chips: CHIPS,
    current: ALL,
    query: '',
    searched: '',
    recommended: [],
    groups: [],
    loading: false,
    done: false,
    error: '',
  } as DiscoverData,

  onLoad() {
    this.feed = new GroupFeed((s: FeedState) => this.setData({ groups: s.groups.map(toGroupCard), loading: s.loading, done: s.done, error: s.error }));
    void this.browse();
    void this.loadRecommendations();
  },

  onUnload() {
    if (this.searchTimer) clearTimeout(this.searchTimer);
  },

  onPullDownRefresh() {
    const done = () => void wx.stopPullDownRefresh();
    const work = this.data.searched ? this.search(this.data.searched) : Promise.all([this.browse(), this.loadRecommendations()]);
    void work.then(done, done);
  },

  onReachBottom() {
    void this.feed?.more();
  },

  async loadRecommendations() {
    try {
      const { groups } = await (await appGroups()).recommend(RECOMMENDED);
      this.setData({ recommended: groups.map(toGroupCard) });
    } catch {
      // recommendations are optional; the directory below still shows
    }
  },

  browse(): Promise<void> {
    const category = this.data.current === ALL ? undefined : this.data.current;
    return this.feed!.reset(async (offset) => (await appGroups()).directory({ ...(category ? { category } : {}), offset, limit: PAGE_SIZE }));
  },

  search(query: string): Promise<void> {
    this.setData({ searched: query });
    return this.feed!.reset(async (offset) => (await appGroups()).search({ query, offset, limit: PAGE_SIZE }));
  },

  onCategory(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
    this.setData({ current: e.detail.id });
    void this.browse();
  },

  onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const query = e.detail.value;
    this.setData({ query });
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.runQuery(), SEARCH_DEBOUNCE_MS);
  },

  onSearch() {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.runQuery();
  },

  runQuery() {
    this.searchTimer = null;
    const query = this.data.query.trim().slice(0, 40);
    if (query === this.data.searched) return;
    if (!query) {
      this.setData({ searched: '' });
      void this.browse();
    } else void this.search(query);
  },

  onClearQuery() {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.setData({ query: '' });
    this.runQuery();
  },

  onOpenGroup(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
    void wx.navigateTo({ url: routes.groupJoin({ id: e.detail.id }) });
  },

  onCreateGroup() {
    void wx.navigateTo({ url: routes.groupCreate() });
  },

  async onJoinWithCode() {
    const res = await wx.showModal({ title: '输入邀请码', editable: true, placeholderText: '8 位邀请码', content: '' });
    const code = res.confirm ? normalizeCode(String((res as { content?: string }).content ?? '')) : '';
    if (!code) return;
    if (!/^[A-Z0-9]{6,12}$/.test(code)) {
      void wx.showToast({ title: '邀请码是 6 到 12 位字母或数字', icon: 'none' });
      return;
    }
    void wx.navigateTo({ url: routes.groupJoin({ code }) });
  },
});
