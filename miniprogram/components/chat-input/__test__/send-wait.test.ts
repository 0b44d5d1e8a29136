import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { waitLabel } from '../send-wait';

describe('chat-input: slow mode countdown', () => {
  it('words the wait by limit and rounds up to whole seconds', () => {
    expect(waitLabel(12_000, 'slow_mode', 0)).toBe('慢速模式：请等待 12 秒');
    expect(waitLabel(2_500, 'rate', 0)).toBe('发送太快：3 秒后自动发送');
    expect(waitLabel(1_000, 'slow_mode', 1_000)).toBe('');
    expect(waitLabel(0, 'slow_mode', 0)).toBe('');
  });

  it('shows the countdown above the field while a message waits, and clears it', async () => {
    const bar = renderUnit('components/chat-input/chat-input', { waitUntil: Date.now() + 5_000, waitLimit: 'slow_mode' });
    await simulate.sleep(0);
    expect(bar.querySelector('.bar__wait')!.dom!.textContent).toBe('慢速模式：请等待 5 秒');
    expect(bar.querySelector('.bar__input')).toBeDefined(); // typing goes on meanwhile
    bar.setData({ waitUntil: 0 });
    await simulate.sleep(0);
    expect(bar.querySelector('.bar__wait')).toBeUndefined();
  });
});
