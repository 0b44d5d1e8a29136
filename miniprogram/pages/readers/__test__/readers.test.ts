import { renderUnit } from '../../../../test/miniprogram/load';
import { setAppMessaging } from '../../../root';
import type { Messaging } from '../../../services/messaging';

Object.assign(wx, { setNavigationBarTitle: jest.fn(() => Promise.resolve()) });

describe('readers page', () => {
  afterEach(() => setAppMessaging(null));

  it('lists who read the message in pages by cursor and titles the count', async () => {
    const page1 = Array.from({ length: 20 }, (_, i) => ({ openid: `u${i}`, nickname: `用户${i}`, avatarUrl: '' }));
    const readers = jest
      .fn()
      .mockResolvedValueOnce({ total: 21, readers: page1, nextCursor: '7|u19' })
      .mockResolvedValueOnce({ total: 21, readers: [{ openid: 'u20', nickname: '', avatarUrl: '' }] });
    setAppMessaging({ cloud: { readers } } as unknown as Messaging);
    const page = renderUnit('pages/readers/readers');
    const inst = page.instance as unknown as { onLoad(q: object): Promise<void>; loadMore(): Promise<void> };
    await inst.onLoad({ conversationId: 'g1', seq: '7' });
    expect(readers).toHaveBeenLastCalledWith('g1', 7, undefined);
    expect(wx.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: '21人已读' });
    await inst.loadMore();
    expect(readers).toHaveBeenLastCalledWith('g1', 7, '7|u19');
    expect(page.querySelectorAll('.reader')).toHaveLength(21);
    expect(page.querySelectorAll('.reader__name')[20]!.dom!.textContent).toBe('群成员');
    await inst.loadMore();
    expect(readers).toHaveBeenCalledTimes(2);
  });
});
