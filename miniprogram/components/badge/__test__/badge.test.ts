import { renderUnit } from '../../../../test/miniprogram/load';
import { badgeText } from '../badge-text';

describe('badge', () => {
  it('shows the count, capped at 99+', () => {
    expect(renderUnit('components/badge/badge', { count: 7 }).querySelector('.badge')!.dom!.textContent).toBe('7');
    expect(renderUnit('components/badge/badge', { count: 120 }).querySelector('.badge')!.dom!.textContent).toBe('99+');
  });

  it('shows nothing at zero, even as a dot', () => {
    expect(renderUnit('components/badge/badge', { count: 0 }).querySelector('.badge')).toBeUndefined();
    expect(renderUnit('components/badge/badge', { count: 0, dot: true }).querySelector('.badge')).toBeUndefined();
  });

  it('shows a dot without a number when asked (muted conversations)', () => {
    const badge = renderUnit('components/badge/badge', { count: 5, dot: true });
    expect(badge.querySelector('.badge--dot')).toBeDefined();
    expect(badge.dom!.textContent).toBe('');
  });

  it('formats counts', () => {
    expect(badgeText(-1)).toBe('');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
    expect(badgeText(10, 9)).toBe('9+');
  });
});
