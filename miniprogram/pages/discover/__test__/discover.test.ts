// The discover page over a fake groups service: directory by category, debounced search whose
// stale answers are dropped, recommendations, and the ways in (profile, create, code).
import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppGroups } from '../../../root';
import type { GroupsService, GroupSummaryWire } from '../../../services/groups';

const group = (id: string, name: string, extra: Partial<GroupSummaryWire> = {}): GroupSummaryWire => ({
  conversationId: id,
  name,
  description: `${name} description`,
  avatarUrl: '',
  category: 'outdoors',
  tags: ['hiking'],
  visibility: 'public',
  joinPolicy: 'open',
  memberCount: 12,
  lastActiveAt: '',
  lastPreview: '',
  ...extra,
});

function fakeGroups() {
  return {
    directory: jest.fn(async (req: { category?: string; offset?: number }) => ({
      groups: req.category === 'books' ? [group('b1', 'Book Club')] : [group('h1', 'Hiking Club'), group('p1', 'Photo', { joinPolicy: 'approval' })],
    })),
    search: jest.fn(async (req: { query: string }) => ({ groups: [group('h1', `Hiking for ${req.query}`)] })),
    recommend: jest.fn(async () => ({ groups: [{ ...group('h1', 'Hiking Club'), score: 2 }] })),
  };
}

const names = (page: ReturnType<typeof renderUnit>, list: string) => page.querySelectorAll(`.list--${list} .list__card`).map((c) => (c.data.group as { name: string }).name);
const call = (page: ReturnType<typeof renderUnit>, name: string, ...args: unknown[]) => (page.instance as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);

describe('discover page', () => {
  let groups: ReturnType<typeof fakeGroups>;
  beforeEach(() => {
    groups = fakeGroups();
    setAppGroups(groups as unknown as GroupsService);
    Object.assign(wx, { showModal: jest.fn(), stopPullDownRefresh: jest.fn() });
    (wx.navigateTo as jest.Mock).mockClear();
  });
  afterAll(() => setAppGroups(null));

  async function open() {
    const page = renderUnit('pages/discover/discover');
    call(page, 'onLoad');
    await simulate.sleep(0);
    return page;
  }

  it('shows recommendations and the directory with member counts and policies', async () => {
    const page = await open();
    expect(names(page, 'recommended')).toEqual(['Hiking Club']);
    expect(names(page, 'results')).toEqual(['Hiking Club', 'Photo']);
    expect(page.data.groups[1]).toMatchObject({ members: '12 人', labels: ['户外', '#hiking'], policy: '需审核' });
    expect(page.querySelector('#chips')!.data.chips).toHaveLength(14);
  });

  it('a category chip lists that category only', async () => {
    const page = await open();
    const chips = page.querySelector('#chips')!;
    chips.querySelectorAll('.chip')[3]!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(groups.directory).toHaveBeenLastCalledWith({ category: 'books', offset: 0, limit: 20 });
    expect(names(page, 'results')).toEqual(['Book Club']);
    expect(page.querySelectorAll('.list--recommended')).toHaveLength(0);
  });

  it('searches after a pause in typing, keeps only the newest answer, and clears back to browsing', async () => {
    jest.useFakeTimers();
    const page = await (async () => {
      const p = renderUnit('pages/discover/discover');
      call(p, 'onLoad');
      await jest.advanceTimersByTimeAsync(0);
      return p;
    })();
    let release!: () => void;
    groups.search.mockImplementationOnce(async () => {
      await new Promise<void>((r) => (release = r));
      return { groups: [group('x', 'stale')] };
    });
    call(page, 'onQuery', { detail: { value: '徒' } });
    await jest.advanceTimersByTimeAsync(300);
    call(page, 'onQuery', { detail: { value: '徒步' } });
    await jest.advanceTimersByTimeAsync(300);
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(groups.search.mock.calls.map((c) => c[0].query)).toEqual(['徒', '徒步']);
    expect(page.data.searched).toBe('徒步');
    expect(names(page, 'results')).toEqual(['Hiking for 徒步']);
    call(page, 'onClearQuery');
    await jest.advanceTimersByTimeAsync(0);
    expect(page.data.searched).toBe('');
    expect(names(page, 'results')).toEqual(['Hiking Club', 'Photo']);
    jest.useRealTimers();
  });

  it('opens a group profile, the create form, and a typed code', async () => {
    const page = await open();
    page.querySelectorAll('.list--results .list__card')[0]!.querySelector('.card')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/group-join/group-join?id=h1' });
    page.querySelector('.entry--create')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/group-create/group-create' });
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true, content: ' abcd-efgh ' });
    await call(page, 'onJoinWithCode');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/group-join/group-join?code=ABCDEFGH' });
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true, content: 'x!' });
    await call(page, 'onJoinWithCode');
    expect(wx.navigateTo).toHaveBeenCalledTimes(3);
  });
});
