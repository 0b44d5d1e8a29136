import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppMessaging } from '../../../utils/app-messaging';
import type { Messaging } from '../../../services/messaging';

describe('discover page', () => {
  it('highlights the tapped category', async () => {
    const page = renderUnit('pages/discover/discover');
    const chips = page.querySelectorAll('.category');
    expect(chips.length).toBe(5);
    chips[1]!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(page.data.current).toBe('tech');
    expect(page.querySelectorAll('.category--active')[0]!.dom!.textContent).toBe('科技');
  });

  it('creates a group and joins one by id, then opens its chat', async () => {
    const messaging = { createGroup: jest.fn(async () => ({ conversationId: 'g9' })), join: jest.fn(async () => ({ conversationId: 'g7', joined: true })) };
    setAppMessaging(messaging as unknown as Messaging);
    Object.assign(wx, { showModal: jest.fn() });
    const page = renderUnit('pages/discover/discover');
    const call = (name: string) => (page.instance as unknown as Record<string, () => Promise<void>>)[name]();
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true, content: ' 读书会 ' });
    await call('onCreateGroup');
    expect(messaging.createGroup).toHaveBeenCalledWith('读书会', 'public');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/chat/chat?id=g9&title=${encodeURIComponent('读书会')}` });
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true, content: 'g7' });
    await call('onJoinGroup');
    expect(messaging.join).toHaveBeenCalledWith('g7');
    (wx.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false });
    await call('onJoinGroup');
    expect(messaging.join).toHaveBeenCalledTimes(1);
    setAppMessaging(null);
  });
});
