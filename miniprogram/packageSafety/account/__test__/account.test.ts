import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppSafety, type AppSafety } from '../../../root';

Object.assign(wx, { setClipboardData: jest.fn(() => Promise.resolve()), clearStorageSync: jest.fn() });

function setup() {
  const safety = {
    exportData: jest.fn(async () => ({ fileID: 'cloud://x/export.json', tempFileURL: 'http://127.0.0.1/export.json?sign=1', counts: { memberships: 3, messages: 12, reports: 1, notifications: 2 } })),
    deleteAccount: jest.fn(async () => ({ messages: { choice: 'anonymise', count: 12 }, memberships: 3, filesDeleted: 0 })),
  };
  setAppSafety({ safety } as unknown as AppSafety);
  return safety;
}
const text = (page: ReturnType<typeof renderUnit>, sel: string) => page.querySelector(sel)!.dom!.textContent!.trim();

describe('account page', () => {
  afterEach(() => setAppSafety(null));

  it('exports my data: counts and a link to copy', async () => {
    setup();
    const page = renderUnit('packageSafety/account/account');
    page.querySelector('.export')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(page.querySelectorAll('.count__n').map((c) => c.dom!.textContent)).toEqual(['12', '3', '1', '2']);
    expect(text(page, '.link__url')).toBe('http://127.0.0.1/export.json?sign=1');
    page.querySelector('.copy')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'http://127.0.0.1/export.json?sign=1' });
  });

  it('deletes only after 注销账号 is typed, with the chosen fate of my messages', async () => {
    const safety = setup();
    const page = renderUnit('packageSafety/account/account');
    expect(page.querySelector('.delete')!.dom!.className).toContain('primary--off');
    page.querySelector('.delete')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(safety.deleteAccount).not.toHaveBeenCalled();
    page.querySelectorAll('.choice')[1].dispatchEvent('tap');
    (page.instance as unknown as { onTyped(e: object): void }).onTyped({ detail: { value: '注销' } });
    await simulate.sleep(0);
    expect(page.querySelector('.delete')!.dom!.className).toContain('primary--off');
    (page.instance as unknown as { onTyped(e: object): void }).onTyped({ detail: { value: '注销账号' } });
    await simulate.sleep(0);
    expect(page.querySelector('.delete')!.dom!.className).not.toContain('primary--off');
    page.querySelector('.delete')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(safety.deleteAccount).toHaveBeenCalledWith('delete');
    expect(text(page, '.gone__title')).toBe('账号已删除');
    expect(wx.clearStorageSync).toHaveBeenCalled();
  });
});
