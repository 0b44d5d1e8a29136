import { renderUnit, simulate } from '../../../../test/miniprogram/load';

describe('chat-input while posting is not allowed', () => {
  it('shows the reason instead of the field, sends nothing, and keeps the draft for later', async () => {
    const bar = renderUnit('components/chat-input/chat-input');
    const seen: unknown[] = [];
    bar.addEventListener('send', (e: { detail: unknown }) => seen.push(e.detail));
    bar.querySelector('.bar__input')!.dispatchEvent('input', { detail: { value: 'draft', cursor: 5 } });
    bar.setData({ disabledReason: '你已被禁言至 14:30' });
    await simulate.sleep(0);
    expect(bar.querySelector('.bar__disabled')!.dom!.textContent).toBe('你已被禁言至 14:30');
    expect(bar.querySelector('.bar__input')).toBeUndefined();
    (bar.instance as unknown as { onSend(): void }).onSend();
    expect(seen).toEqual([]);
    bar.setData({ disabledReason: '' });
    await simulate.sleep(0);
    expect(bar.data.value).toBe('draft');
    expect(bar.querySelector('.bar__input')).toBeDefined();
  });
});
