import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import type { ChatMessageView } from '../chat-message-view';

const view = (over: Partial<ChatMessageView> = {}): ChatMessageView => ({
  id: 'm1',
  own: true,
  senderId: 'alice',
  senderName: 'Alice',
  senderAvatar: '',
  showSender: false,
  kind: 'text',
  text: '你好',
  timeLabel: '',
  state: 'visible',
  readLabel: '',
  note: '',
  reply: null,
  hidden: false,
  ...over,
});
const render = (over: Partial<ChatMessageView> = {}) => renderUnit('components/chat-message/chat-message', { item: view(over) });
const text = (comp: ReturnType<typeof render>, sel: string) => comp.querySelector(sel)?.dom?.textContent ?? null;
const events = (comp: ReturnType<typeof render>, names: string[]) => {
  const seen: Array<[string, unknown]> = [];
  for (const n of names) comp.addEventListener(n, (e: { detail: unknown }) => seen.push([n, e.detail]));
  return seen;
};

describe('chat-message', () => {
  it('puts own messages on the right without avatar, others on the left with avatar and group name', () => {
    const own = render();
    expect(own.querySelector('.row--own')).toBeDefined();
    expect(own.querySelector('.row__avatar')).toBeUndefined();
    const other = render({ own: false, state: 'visible', showSender: true, senderName: 'Bob' });
    expect(other.querySelector('.row--own')).toBeUndefined();
    expect(other.querySelector('.row__avatar')).toBeDefined();
    expect(text(other, '.row__sender')).toBe('Bob');
    expect(other.querySelector('.row__meta')).toBeUndefined();
  });

  it('shows ticks by state: spinner, ✓, ✓✓ grey, ✓✓ blue', () => {
    const sending = render({ state: 'sending' });
    expect(sending.querySelector('.status--sending')).toBeDefined();
    expect(sending.querySelector('.ticks')).toBeUndefined();
    // written but not yet published: still the spinner, no tick
    expect(render({ state: 'sent' }).querySelector('.status--sending')).toBeDefined();
    expect(render({ state: 'sent' }).querySelector('.ticks')).toBeUndefined();
    expect(text(render({ state: 'visible' }), '.ticks')).toBe('✓');
    const delivered = render({ state: 'delivered' });
    expect(text(delivered, '.ticks')).toBe('✓✓');
    expect(delivered.querySelector('.ticks--read')).toBeUndefined();
    expect(render({ state: 'read' }).querySelector('.ticks--read')).toBeDefined();
  });

  it('shows "read by k" in groups and asks for the readers on tap', async () => {
    const comp = render({ state: 'delivered', readLabel: '2人已读' });
    const seen = events(comp, ['readers']);
    expect(comp.querySelector('.ticks')).toBeUndefined();
    comp.querySelector('.ticks__readers')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(seen).toEqual([['readers', { id: 'm1' }]]);
  });

  it('resends a failed message from the mark or the note, and only a failed one', async () => {
    const failed = render({ state: 'failed', note: '发送失败，点击重发' });
    const seen = events(failed, ['resend']);
    failed.querySelector('.status--failed')!.dispatchEvent('tap');
    failed.querySelector('.row__note')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(seen).toEqual([
      ['resend', { id: 'm1' }],
      ['resend', { id: 'm1' }],
    ]);

    const held = render({ state: 'held', note: '审核中' });
    const heldSeen = events(held, ['resend']);
    expect(text(held, '.row__note')).toBe('审核中');
    held.querySelector('.row__note')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(heldSeen).toEqual([]);
    expect(text(render({ state: 'blocked', note: '未发送：含有违规内容' }), '.row__note--blocked')).toBe('未发送：含有违规内容');
  });

  it('quotes the replied message, shows a separator, asks for the menu on long press', async () => {
    const comp = render({ reply: { name: 'Bob', text: '明天几点' }, timeLabel: '09:05' });
    expect(text(comp, '.row__time')).toBe('09:05');
    expect(text(comp, '.bubble__quote')).toBe('Bob: 明天几点');
    const seen = events(comp, ['menu']);
    comp.querySelector('.bubble')!.dispatchEvent('longpress');
    await simulate.sleep(0);
    expect(seen).toEqual([['menu', { id: 'm1' }]]);
  });

  it('renders nothing when hidden, a centred notice for system rows', () => {
    expect(render({ hidden: true }).dom!.textContent).toBe('');
    const sys = render({ kind: 'system', text: 'Bob 加入了群聊', own: false });
    expect(text(sys, '.row__system')).toBe('Bob 加入了群聊');
    expect(sys.querySelector('.bubble')).toBeUndefined();
  });
});
