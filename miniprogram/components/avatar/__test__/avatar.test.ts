import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { avatarColor, avatarInitial } from '../avatar-style';

describe('avatar', () => {
  it('shows the initial on the name colour without a picture', async () => {
    const comp = renderUnit('components/avatar/avatar', { name: 'bob', size: 64 });
    await simulate.sleep(0);
    expect(comp.querySelector('.avatar__initial')!.dom!.textContent).toBe('B');
    expect(comp.querySelector('.avatar')!.dom!.getAttribute('style')).toContain(avatarColor('bob'));
  });

  it('shows the picture, and falls back to the initial when it fails', async () => {
    const comp = renderUnit('components/avatar/avatar', { name: '小明', src: 'https://x/a.png' });
    expect(comp.querySelector('.avatar__image')).toBeDefined();
    comp.querySelector('.avatar__image')!.dispatchEvent('error');
    await simulate.sleep(0);
    expect(comp.querySelector('.avatar__image')).toBeUndefined();
    expect(comp.querySelector('.avatar__initial')!.dom!.textContent).toBe('小');
  });

  it('keeps one colour per name and a question mark for no name', () => {
    expect(avatarColor('alice')).toBe(avatarColor('alice'));
    expect(avatarInitial('  ')).toBe('?');
  });
});
