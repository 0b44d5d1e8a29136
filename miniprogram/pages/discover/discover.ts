// Discover (tab 2): search public groups by name or tag (Chinese or English substrings), browse the
// directory by category, see recommendations from your interests; a card opens the group's
// profile (the join page), where joining happens. Also: create a group, join with a code.
import { CATEGORY_OPTIONS } from '../../utils/group-form';
import { toGroupCard, type GroupCardView } from '../../components/group-card/group-card-view';
import type { CategoryChip } from '../../components/category-chips/category-chips';
import { appGroups } from '../../root';
import type { GroupSummaryWire } from '../../services/groups';
import { GroupFeed, type FeedState } from './group-feed';
import { routes } from '../../utils/routes';
import { tr } from '../../stores/locale';
import { showTitle, withLocale } from '../../utils/locale-binding';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 300;
const RECOMMENDED = 4;
const ALL = 'all';

/** The chips in the current language (a tab page: redrawn when the language changes). */
const chips = (): CategoryChip[] => [{ id: ALL, name: tr('discover_chipAll') }, ...CATEGORY_OPTIONS.map(({ id, name }) => ({ id, name }))];

interface DiscoverData {
  chips: CategoryChip[];
  current: string;
  query: string;
  /** The query the list shows results for ('' when browsing). */
  searched: string;
  /** “query”的搜索结果 */
  resultsTitle: string;
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
  ...withLocale,
  feed: null as GroupFeed | null,
  recommendedGroups: [] as GroupSummaryWire[],
  searchTimer: null as ReturnType<typeof setTimeout> | null,
  data: {
    chips: chips(),
    current: ALL,
    query: '',
    searched: '',
    resultsTitle: '',
    recommended: [],
    groups: [],
    loading: false,
    done: false,
    error: '',
  } as DiscoverData,

  onLoad() {
    this.feed = new GroupFeed((s: FeedState) => this.setData({ groups: s.groups.map(toGroupCard), loading: s.loading, done: s.done, error: s.error ? tr('discover_retry', { error: s.error }) : '' }));
    void this.browse();
    void this.loadRecommendations();
  },

  /** A tab page stays alive across a language switch in 我: its words are redrawn when it shows again. */
  onShow() {
    showTitle('title_discover');
    const feed = this.feed?.state;
    this.setData({
      chips: chips(),
      recommended: this.recommendedGroups.map(toGroupCard),
      ...(feed ? { groups: feed.groups.map(toGroupCard), error: feed.error ? tr('discover_retry', { error: feed.error }) : '' } : {}),
      ...(this.data.searched ? { resultsTitle: tr('discover_results', { query: this.data.searched }) } : {}),
    });
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
      this.recommendedGroups = groups;
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
    this.setData({ searched: query, resultsTitle: tr('discover_results', { query }) });
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
    const res = await wx.showModal({ title: tr('discover_codeTitle'), editable: true, placeholderText: tr('discover_codePlaceholder'), content: '' });
    const code = res.confirm ? normalizeCode(String((res as { content?: string }).content ?? '')) : '';
    if (!code) return;
    if (!/^[A-Z0-9]{6,12}$/.test(code)) {
      void wx.showToast({ title: tr('discover_codeInvalid'), icon: 'none' });
      return;
    }
    void wx.navigateTo({ url: routes.groupJoin({ code }) });
  },
});
