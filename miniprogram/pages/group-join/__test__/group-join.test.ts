// The group profile page: the one button follows standing and join policy; joining opens the chat,
// an approval group takes a request with a note, a share token joins through the invitation.
import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppGroups } from '../../../root';
import { setAppMessaging } from '../../../root';
import type { GroupsService, GroupPreviewWire } from '../../../services/groups';
import type { Messaging } from '../../../services/messaging';
import { joinAction } from '../join-action';

const preview = (over: Partial<GroupPreviewWire['group']> = {}, standing: GroupPreviewWire['standing'] = 'none'): GroupPreviewWire => ({
  group: {
    conversationId: 'g1',
    name: 'Hiking Club',
    description: 'Weekend trails',
    avatarUrl: '',
    category: 'outdoors',
    tags: ['hiking'],
    visibility: 'public',
    joinPolicy: 'open',
    memberCount: 4,
    lastActiveAt: '',
    lastPreview: '',
    announcement: 'Sat 8:30',
    settings: { membersMayInvite: true, historyForNewMembers: true, fileSharing: true, slowModeSeconds: 0, muteAll: false },
    ownerId: 'alice',
    ...over,
  },
  standing,
  requested: false,
  recentMessages: [
    { messageId: 'm2', seq: 2, type: 'system', senderId: 'system', senderName: '', text: 'Bob 加入了群聊', createdAt: '' },
    { messageId: 'm1', seq: 1, type: 'text', senderId: 'alice', senderName: 'Alice', text: 'Welcome!', createdAt: '' },
  ],
});

describe('joinAction', () => {
  const facts = { standing: 'none' as const, joinPolicy: 'open' as const, requested: false, invited: false };
  it.each([
    [{ standing: 'member' }, 'open', '进入群聊'],
    [{ standing: 'banned', invited: true }, 'none', '无法加入'],
    [{ joinPolicy: 'invite', invited: true }, 'join', '接受邀请并加入'],
    [{ joinPolicy: 'approval', requested: true }, 'none', '已申请，等待审核'],
    [{ joinPolicy: 'approval' }, 'request', '申请加入'],
    [{ joinPolicy: 'invite' }, 'none', '仅限邀请加入'],
    [{}, 'join', '加入群聊'],
  ] as const)('%j -> %s %s', (over, kind, label) => {
    expect(joinAction({ ...facts, ...over })).toMatchObject({ kind, label });
  });
});

describe('group-join page', () => {
  let groups: Record<string, jest.Mock>;
  beforeEach(() => {
    groups = {
      preview: jest.fn(async () => preview()),
      join: jest.fn(async () => ({ conversationId: 'g1', status: 'joined' })),
      inspectInvitation: jest.fn(async () => ({ group: preview().group, inviterId: 'alice', expiresAt: Date.now() + 3600_000, usesLeft: 3 })),
    };
    setAppGroups(groups as unknown as GroupsService);
    const messaging = { me: { openid: 'dave' }, conversations: { peers: {}, applyPeers: jest.fn() }, cloud: { query: jest.fn(async () => [{ _id: 'alice', nickname: 'Alice', avatarUrl: '' }]) } };
    setAppMessaging(messaging as unknown as Messaging);
    Object.assign(wx, { showModal: jest.fn(), setNavigationBarTitle: jest.fn(), redirectTo: jest.fn() });
  });
  afterAll(() => {
    setAppGroups(null);
    setAppMessaging(null);
  });

  async function open(query: Record<string, string>) {
    const page = renderUnit('pages/group-join/group-join');
    (page.instance as unknown as { onLoad(q: object): void }).onLoad(query);
    await simulate.sleep(0);
    await simulate.sleep(0);
    return page;
  }

  it('shows the profile with recent messages oldest first, and joining opens the chat', async () => {
    const page = await open({ id: 'g1' });
    expect(page.querySelector('.head__facts')!.dom!.textContent).toBe('4 位成员 · 户外 · 公开群');
    expect(page.data.recent).toEqual([
      { id: 'm1', system: false, name: 'Alice', text: 'Welcome!' },
      { id: 'm2', system: true, name: '群成员', text: 'Bob 加入了群聊' },
    ]);
    page.querySelector('.action')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(groups.join).toHaveBeenCalledWith({ conversationId: 'g1' });
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: `/pages/chat/chat?id=g1&title=${encodeURIComponent('Hiking Club')}` });
  });

  it('an approval group sends a request with the note, then waits', async () => {
    groups.preview.mockResolvedValueOnce(preview({ joinPolicy: 'approval' }));
    groups.join.mockResolvedValueOnce({ conversationId: 'g1', status: 'requested' });
    const page = await open({ id: 'g1' });
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true, content: ' I hike every week ' });
    await (page.instance as unknown as { onAction(): Promise<void> }).onAction();
    expect(groups.join).toHaveBeenCalledWith({ conversationId: 'g1', note: 'I hike every week' });
    expect(page.data.action).toMatchObject({ kind: 'none', label: '已申请，等待审核' });
  });

  it('a share card joins through its token and names the inviter', async () => {
    groups.preview.mockResolvedValueOnce(preview({ joinPolicy: 'invite', visibility: 'private' }));
    const page = await open({ token: 'abc.def123456' });
    expect(groups.inspectInvitation).toHaveBeenCalledWith({ token: 'abc.def123456' });
    expect(groups.preview).toHaveBeenCalledWith({ conversationId: 'g1', token: 'abc.def123456' });
    expect(page.data.invitation).toMatch(/^Alice 邀请你加入 · .+ 前有效$/);
    expect(page.data.action.label).toBe('接受邀请并加入');
    await (page.instance as unknown as { onAction(): Promise<void> }).onAction();
    expect(groups.join).toHaveBeenCalledWith({ token: 'abc.def123456' });
  });

  it('a spent invitation says why in words', async () => {
    groups.inspectInvitation.mockRejectedValueOnce(Object.assign(new Error('x'), { userMessage: 'This invitation has been used up.' }));
    const page = await open({ code: 'abcdefgh' });
    expect(groups.inspectInvitation).toHaveBeenCalledWith({ code: 'ABCDEFGH' });
    expect(page.data.error).toBe('This invitation has been used up.');
  });
});
