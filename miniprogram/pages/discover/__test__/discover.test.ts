import { renderUnit, simulate } from '../../../../test/miniprogram/load';

describe('discover page', () => {
  it('highlights the tapped category', async () => {
    const page = renderUnit('pages/discover/discover');
    const chips = page.querySelectorAll('.category');
    expect(chips.length).toBe(5);
    chips[1]!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(page.data.current).toBe('tech');
    expect(page.querySelectorAll('.category--active')[0]!.dom!.textContent).toBe('科技');
  });
});
