import { renderUnit, simulate } from '../../../../test/miniprogram/load';

describe('subscribe-ask', () => {
  it('shows the offer and reports accept and dismiss', async () => {
    const ask = renderUnit('components/subscribe-ask/subscribe-ask', { text: '有人回复时通知你？' });
    const seen: string[] = [];
    ask.addEventListener('accept', () => seen.push('accept'));
    ask.addEventListener('dismiss', () => seen.push('dismiss'));
    expect(ask.querySelector('.ask__text')!.dom!.textContent).toBe('有人回复时通知你？');
    expect(ask.querySelector('.ask__accept')!.dom!.textContent).toBe('通知我');
    ask.querySelector('.ask__accept')!.dispatchEvent('tap');
    ask.querySelector('.ask__close')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(seen).toEqual(['accept', 'dismiss']);
  });
});
