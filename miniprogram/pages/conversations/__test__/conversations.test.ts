import { renderUnit, simulate } from '../../../../test/miniprogram/load';

describe('conversations page', () => {
  it('shows the empty state and sends people to discover', async () => {
    const page = renderUnit('pages/conversations/conversations');
    const empty = page.querySelector('#empty')!;
    expect(empty.querySelector('.empty__title')!.dom!.textContent).toBe('还没有会话');
    empty.querySelector('.empty__action')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/discover/discover' });
  });
});
