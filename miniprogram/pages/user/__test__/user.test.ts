import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppMessaging } from '../../../root';
import type { Messaging } from '../../../services/messaging';

function fake() {
  return {
    me: { openid: 'alice', profile: { _id: 'alice', nickname: 'Alice', avatarUrl: '' } },
    conversations: { peers: {}, applyPeers: jest.fn() },
    cloud: { query: jest.fn(async () => [{ _id: 'bob', nickname: 'Bob', avatarUrl: '', bio: '跑步爱好者' }]) },
    openDirect: jest.fn(async () => ({ conversationId: 'dm_alice_bob', created: true })),
  };
}
const load = async (openid: string, messaging: ReturnType<typeof fake>) => {
  setAppMessaging(messaging as unknown as Messaging);
  const page = renderUnit('pages/user/user');
  await (page.instance as unknown as { onLoad(q: object): Promise<void> }).onLoad({ openid });
  return page;
};

describe('user page (member card)', () => {
  afterEach(() => setAppMessaging(null));

  it('shows the profile and opens the direct chat from "send message"', async () => {
    const messaging = fake();
    const page = await load('bob', messaging);
    expect(page.querySelector('.card__name')!.dom!.textContent).toBe('Bob');
    expect(page.querySelector('.card__bio')!.dom!.textContent).toBe('跑步爱好者');
    page.querySelector('.action')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(messaging.openDirect).toHaveBeenCalledWith('bob');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/chat/chat?id=dm_alice_bob&title=Bob' });
  });

  it('offers editing instead on my own card', async () => {
    const page = await load('alice', fake());
    expect(page.querySelector('.action--plain')!.dom!.textContent).toBe('编辑资料');
    expect(page.querySelector('.report')).toBeUndefined();
  });

  it('opens the report page for someone else', async () => {
    const page = await load('bob', fake());
    page.querySelector('.report')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSafety/report/report?userId=bob&name=Bob' });
  });
});
