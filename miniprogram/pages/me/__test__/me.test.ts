import { renderUnit } from '../../../../test/miniprogram/load';

describe('me page', () => {
  it('lists the profile and the settings entries', () => {
    const page = renderUnit('pages/me/me');
    expect(page.querySelector('.profile__name')!.dom!.textContent).toBe('未设置昵称');
    expect(page.querySelectorAll('.cell').map((c) => c.dom!.textContent!.replace('›', '').trim())).toEqual(['消息通知', '隐私', '关于 Community Chat']);
  });
});
