import { renderUnit, simulate } from '../../../../test/miniprogram/load';

describe('empty-state', () => {
  it('renders title and description, hides the action when no text is given', () => {
    const comp = renderUnit('components/empty-state/empty-state', { title: '还没有会话', description: '加入一个兴趣群' });
    expect(comp.querySelector('.empty__title')!.dom!.textContent).toBe('还没有会话');
    expect(comp.querySelector('.empty__description')!.dom!.textContent).toBe('加入一个兴趣群');
    expect(comp.querySelector('.empty__action')).toBeUndefined();
  });

  it('fires action when its button is tapped', async () => {
    const comp = renderUnit('components/empty-state/empty-state', { title: 't', actionText: '发现群聊' });
    const onAction = jest.fn();
    comp.addEventListener('action', onAction);
    comp.querySelector('.empty__action')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(onAction).toHaveBeenCalledTimes(1);
  });
});
