import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppMessaging } from '../../../root';
import type { Messaging } from '../../../services/messaging';
import { locale } from '../../../stores/locale';

describe('me page', () => {
  afterEach(() => setAppMessaging(null));

  it('lists the profile and the settings entries', () => {
    const page = renderUnit('pages/me/me');
    expect(page.querySelector('.profile__name')!.dom!.textContent).toBe('未设置昵称');
    expect(page.querySelectorAll('.cell').map((c) => c.dom!.textContent!.replace('›', '').trim())).toEqual(['通知中心', '消息通知', '账号与数据', '关于 Community Chat', '语言跟随系统']);
  });

  it('re-renders in English the moment the language changes, and back', async () => {
    const page = renderUnit('pages/me/me');
    locale.set('en');
    await simulate.sleep(0);
    try {
      expect(page.querySelector('.profile__name')!.dom!.textContent).toBe('No nickname yet');
      expect(page.querySelector('.cell--language')!.dom!.textContent!.replace('›', '').trim()).toBe('LanguageFollow the system');
      expect(page.querySelectorAll('.cell')[0]!.dom!.textContent!.replace('›', '').trim()).toBe('Notifications');
    } finally {
      locale.set('system');
    }
    await simulate.sleep(0);
    expect(page.querySelector('.profile__name')!.dom!.textContent).toBe('未设置昵称');
  });

  it('opens the notification centre, the notification settings and my data', async () => {
    const page = renderUnit('pages/me/me');
    const cells = page.querySelectorAll('.cell');
    for (const cell of cells.slice(0, 3)) cell.dispatchEvent('tap');
    await simulate.sleep(0);
    expect((wx.navigateTo as jest.Mock).mock.calls.slice(-3).map(([o]) => (o as { url: string }).url)).toEqual([
      '/packageSafety/notifications/notifications',
      '/packageSafety/settings-notifications/settings-notifications',
      '/packageSafety/account/account',
    ]);
  });

  it('shows my profile and opens the editor', async () => {
    setAppMessaging({ me: { openid: 'alice', profile: { _id: 'alice', nickname: 'Alice', avatarUrl: '', bio: '爱读书' } } } as unknown as Messaging);
    const page = renderUnit('pages/me/me');
    await (page.instance as unknown as { onShow(): Promise<void> }).onShow();
    expect(page.querySelector('.profile__name')!.dom!.textContent).toBe('Alice');
    expect(page.querySelector('.profile__hint')!.dom!.textContent).toBe('爱读书');
    page.querySelector('.profile')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/profile-edit/profile-edit' });
  });
});
