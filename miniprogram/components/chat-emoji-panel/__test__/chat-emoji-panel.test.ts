import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { EMOJI } from '../emoji-list';

describe('chat-emoji-panel', () => {
  it('renders the whole grid and picks the tapped emoji', async () => {
    const panel = renderUnit('components/chat-emoji-panel/chat-emoji-panel');
    const cells = panel.querySelectorAll('.emoji__cell');
    expect(cells).toHaveLength(EMOJI.length + 1); // and the delete key
    expect((EMOJI.length + 1) % 8).toBe(0); // full rows of eight
    const picked: unknown[] = [];
    panel.addEventListener('pick', (e: { detail: unknown }) => picked.push(e.detail));
    cells[2]!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(picked).toEqual([{ emoji: EMOJI[2] }]);
  });

  it('has a backspace key', async () => {
    const panel = renderUnit('components/chat-emoji-panel/chat-emoji-panel');
    const seen = jest.fn();
    panel.addEventListener('backspace', seen);
    panel.querySelector('.emoji__delete')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(seen).toHaveBeenCalled();
  });
});
