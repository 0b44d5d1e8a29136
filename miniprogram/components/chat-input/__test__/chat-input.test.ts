import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { insertAt, deleteBefore } from '../text-edit';

const render = (props: Record<string, unknown> = {}) => renderUnit('components/chat-input/chat-input', props);
type Comp = ReturnType<typeof render>;
const type = async (bar: Comp, value: string, cursor = value.length) => {
  bar.querySelector('.bar__input')!.dispatchEvent('input', { detail: { value, cursor } });
  await simulate.sleep(0);
};
const sent = (bar: Comp) => {
  const seen: unknown[] = [];
  bar.addEventListener('send', (e: { detail: unknown }) => seen.push(e.detail));
  return seen;
};

describe('chat-input', () => {
  it('sends the trimmed draft, clears it, and never sends blanks', async () => {
    const bar = render();
    const seen = sent(bar);
    await type(bar, '   ');
    bar.querySelector('.bar__send')!.dispatchEvent('tap');
    await type(bar, ' 你好 ');
    expect(bar.querySelector('.bar__send--ready')).toBeDefined();
    bar.querySelector('.bar__send')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(seen).toEqual([{ text: '你好' }]);
    expect(bar.data.value).toBe('');
    expect(bar.querySelector('.bar__send--ready')).toBeUndefined();
  });

  it('sends on the keyboard confirm key too', async () => {
    const bar = render();
    const seen = sent(bar);
    await type(bar, 'hi');
    bar.querySelector('.bar__input')!.dispatchEvent('confirm', { detail: { value: 'hi' } });
    await simulate.sleep(0);
    expect(seen).toEqual([{ text: 'hi' }]);
  });

  it('inserts emoji at the cursor and deletes them whole', async () => {
    const bar = render();
    await type(bar, 'ab', 1);
    bar.querySelector('.bar__icon')!.dispatchEvent('tap');
    await simulate.sleep(0);
    const panel = bar.querySelector('#emoji')!;
    const cells = panel.querySelectorAll('.emoji__cell');
    expect(cells.length).toBeGreaterThan(10);
    cells[0]!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(bar.data.value).toBe('a😀b');
    expect(bar.data.cursor).toBe(3);
    panel.querySelector('.emoji__delete')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(bar.data.value).toBe('ab');
  });

  it('shows the reply strip and asks to cancel it', async () => {
    const bar = render({ reply: { name: 'Bob', text: '几点?' } });
    expect(bar.querySelector('.bar__reply-text')!.dom!.textContent).toBe('回复 Bob: 几点?');
    const cancel = jest.fn();
    bar.addEventListener('cancelreply', cancel);
    bar.querySelector('.bar__reply-close')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(cancel).toHaveBeenCalled();
  });

  it('edits text: insert at a cursor or append, delete surrogate pairs and VS16 sequences', () => {
    expect(insertAt('ab', 1, 'X')).toEqual({ value: 'aXb', cursor: 2 });
    expect(insertAt('ab', -1, 'X')).toEqual({ value: 'abX', cursor: 3 });
    expect(insertAt('ab', 9, 'X')).toEqual({ value: 'abX', cursor: 3 });
    expect(deleteBefore('a😀', 3)).toEqual({ value: 'a', cursor: 1 });
    expect(deleteBefore('a❤️', 3)).toEqual({ value: 'a', cursor: 1 });
    expect(deleteBefore('ab', 0)).toEqual({ value: 'ab', cursor: 0 });
    expect(deleteBefore('ab', -1)).toEqual({ value: 'a', cursor: 1 });
  });
});
