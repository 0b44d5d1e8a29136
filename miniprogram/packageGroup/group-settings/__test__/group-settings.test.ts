// The settings page over fake services: the share card carries a fresh token path, leaving asks
// twice (which kind, then sure?) and honours the erase choice, an invitation code shows its limits.
import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppGroups } from '../../../root';
import { setAppMessaging } from '../../../root';
import type { GroupsService, GroupPreviewWire } from '../../../services/groups';
import type { Messaging } from '../../../services/messaging';

const preview = (standing: GroupPreviewWire['standing']): GroupPreviewWire => ({
  group: {
    conversationId: 'g1',
    name: 'Hiking',
    description: '',
    avatarUrl: '',
    category: 'outdoors',
    tags: [],
    visibility: 'public',
    joinPolicy: 'open',
    memberCount: 4,
    lastActiveAt: '',
    lastPreview: '',
    announcement: '',
    settings: { membersMayInvite: true, historyForNewMembers: true, fileSharing: true, slowModeSeconds: 0, muteAll: false },
    ownerId: 'alice',
  },
  standing,
  requested: false,
  recentMessages: [],
});

type Page = { onLoad(q: object): void; onShow(): void; onShareAppMessage(): { title: string; path: string; promise: Promise<{ path: string }> }; onLeave(): Promise<void>; onCode(): Promise<void> };

describe('group-settings page', () => {
  let groups: Record<string, jest.Mock>;
  beforeEach(() => {
    groups = {
      preview: jest.fn(async () => preview('member')),
      listRequests: jest.fn(async () => ({ requests: [] })),
      createInvitation: jest.fn(async (req: { kind: string }) =>
        req.kind === 'share'
          ? { invitationId: 'i1', kind: 'share', token: 'tok.sig', path: 'pages/group-join/group-join?token=tok.sig', expiresAt: Date.now() + 3600_000, maxUses: 50 }
          : { invitationId: 'ABCDEFGH', kind: 'code', code: 'ABCDEFGH', expiresAt: Date.now() + 3600_000, maxUses: 20 },
      ),
      leave: jest.fn(async () => ({ erased: 3 })),
    };
    setAppGroups(groups as unknown as GroupsService);
    setAppMessaging({ me: { openid: 'bob' }, conversations: { members: { g1: { notify: 'mentions' } } } } as unknown as Messaging);
    Object.assign(wx, { showModal: jest.fn(), showActionSheet: jest.fn(), switchTab: jest.fn(), setClipboardData: jest.fn() });
  });
  afterAll(() => {
    setAppGroups(null);
    setAppMessaging(null);
  });

  async function open() {
    const page = renderUnit('packageGroup/group-settings/group-settings');
    const p = page.instance as unknown as Page;
    p.onLoad({ id: 'g1' });
    p.onShow();
    await simulate.sleep(0);
    await simulate.sleep(0);
    return { page, p };
  }

  it('a member sees members, invite, notifications and leave; no admin tools', async () => {
    const { page } = await open();
    expect(page.querySelector('.cell--members')).toBeDefined();
    expect(page.querySelector('.share')).toBeDefined();
    expect(page.querySelector('.cell--leave')).toBeDefined();
    expect(page.querySelector('.cell--requests')).toBeUndefined();
    expect(page.querySelector('.cell--mute-all')).toBeUndefined();
    expect(page.querySelector('.cell--dissolve')).toBeUndefined();
    expect(page.querySelector('.cell--notify .cell__value')!.dom!.textContent).toBe('仅 @我 时提醒');
  });

  it('the share card opens the join page with a fresh token', async () => {
    const { p } = await open();
    const share = p.onShareAppMessage();
    expect(share).toMatchObject({ title: '邀请你加入「Hiking」', path: '/pages/group-join/group-join?id=g1' });
    await expect(share.promise).resolves.toMatchObject({ path: '/pages/group-join/group-join?token=tok.sig' });
    expect(groups.createInvitation).toHaveBeenCalledWith({ conversationId: 'g1', kind: 'share' });
  });

  it('an invitation code shows with its expiry and uses', async () => {
    const { page, p } = await open();
    await p.onCode();
    expect(page.querySelector('.code__value')!.dom!.textContent).toBe('ABCDEFGH');
    expect(page.data.code!.line).toMatch(/前有效 · 可使用 20 次$/);
  });

  it('leaving asks which kind, then asks to be sure, and erases only when chosen', async () => {
    const { p } = await open();
    (wx.showActionSheet as jest.Mock).mockResolvedValueOnce({ tapIndex: 1 });
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false });
    await p.onLeave();
    expect(groups.leave).not.toHaveBeenCalled();
    (wx.showActionSheet as jest.Mock).mockResolvedValueOnce({ tapIndex: 1 });
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true });
    await p.onLeave();
    expect(groups.leave).toHaveBeenCalledWith('g1', true);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/conversations/conversations' });
  });
});
