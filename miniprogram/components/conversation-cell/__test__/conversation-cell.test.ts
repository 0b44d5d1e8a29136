import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import type { ConversationCellView } from '../conversation-cell-view';

const item = (over: Partial<ConversationCellView> = {}): ConversationCellView => ({
  id: 'c1',
  name: '读书会',
  avatarUrl: '',
  preview: 'Bob: 明天见',
  timeLabel: '09:05',
  unread: 3,
  pinned: false,
  muted: false,
  ...over,
});
const text = (comp: ReturnType<typeof renderUnit>, sel: string) => comp.querySelector(sel)?.dom?.textContent ?? null;

describe('conversation-cell', () => {
  it('shows name, preview, time and the unread count', () => {
    const cell = renderUnit('components/conversation-cell/conversation-cell', { item: item() });
    expect(text(cell, '.cell__name')).toBe('读书会');
    expect(text(cell, '.cell__preview')).toBe('Bob: 明天见');
    expect(text(cell, '.cell__time')).toBe('09:05');
    expect(cell.dom!.textContent).toContain('3');
    expect(cell.querySelector('.cell--pinned')).toBeUndefined();
  });

  it('tints pinned rows; muted rows show a dot, the count in the preview and the muted mark', () => {
    const cell = renderUnit('components/conversation-cell/conversation-cell', { item: item({ pinned: true, muted: true }) });
    expect(cell.querySelector('.cell--pinned')).toBeDefined();
    expect(cell.querySelector('.cell__muted')).toBeDefined();
    expect(text(cell, '.cell__preview')).toBe('[3条] Bob: 明天见');
    expect(cell.dom!.innerHTML).toContain('badge--dot');
  });

  it('asks to open on tap and for actions on long press', async () => {
    const cell = renderUnit('components/conversation-cell/conversation-cell', { item: item() });
    const open = jest.fn();
    const actions = jest.fn();
    cell.addEventListener('open', (e: { detail: unknown }) => open(e.detail));
    cell.addEventListener('actions', (e: { detail: unknown }) => actions(e.detail));
    cell.querySelector('.cell')!.dispatchEvent('tap');
    cell.querySelector('.cell')!.dispatchEvent('longpress');
    await simulate.sleep(0);
    expect(open).toHaveBeenCalledWith({ id: 'c1' });
    expect(actions).toHaveBeenCalledWith({ id: 'c1' });
  });
});
