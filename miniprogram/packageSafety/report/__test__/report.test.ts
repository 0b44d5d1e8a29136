import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppSafety, type AppSafety } from '../../../root';

function fakes() {
  const safety = { report: jest.fn(async () => ({ reportId: 'rp_1', created: true })) };
  const notifications = { loadTemplates: jest.fn(async () => undefined), requestConsent: jest.fn(async () => ({ accepted: true, results: {}, credits: { tmpl_report_result: 1 } })) };
  setAppSafety({ safety, notifications } as unknown as AppSafety);
  return { safety, notifications };
}
const open = async (query: Record<string, string>) => {
  const page = renderUnit('packageSafety/report/report');
  (page.instance as unknown as { onLoad(q: object): void }).onLoad(query);
  await simulate.sleep(0);
  return page;
};
const text = (page: ReturnType<typeof renderUnit>, sel: string) => page.querySelector(sel)!.dom!.textContent!.trim();

describe('report page', () => {
  afterEach(() => setAppSafety(null));

  it('reports a message with a reason and a note, then offers to notify the outcome', async () => {
    const { safety, notifications } = fakes();
    const page = await open({ messageId: 'm123456789', name: encodeURIComponent('Bob 王'), preview: encodeURIComponent('buy cheap followers') });
    expect(text(page, '.target__title')).toBe('举报 Bob 王 的消息');
    expect(text(page, '.target__quote')).toBe('buy cheap followers');
    expect(page.querySelectorAll('.reason')).toHaveLength(7);
    // no reason yet: nothing is sent
    page.querySelector('.submit')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(safety.report).not.toHaveBeenCalled();
    page.querySelectorAll('.reason')[0].dispatchEvent('tap');
    await simulate.sleep(0);
    expect(page.querySelectorAll('.check--on')).toHaveLength(1);
    (page.instance as unknown as { onNote(e: object): void }).onNote({ detail: { value: 'posted five times' } });
    page.querySelector('.submit')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(safety.report).toHaveBeenCalledWith({ type: 'message', messageId: 'm123456789' }, 'spam', 'posted five times');
    expect(text(page, '.done__title')).toBe('已收到你的举报');
    page.querySelector('.notify')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(notifications.requestConsent).toHaveBeenCalledWith(['reportResolved']);
    expect(page.querySelector('.notify')).toBeUndefined();
    expect(text(page, '.done__ok')).toContain('会通知你');
  });

  it('reports a person in a conversation, and says so when it was reported before', async () => {
    const { safety } = fakes();
    safety.report.mockResolvedValueOnce({ reportId: 'rp_1', created: false });
    const page = await open({ userId: 'bob', name: 'Bob', conversationId: 'g1' });
    expect(text(page, '.target__title')).toBe('举报用户 Bob');
    page.querySelectorAll('.reason')[1].dispatchEvent('tap');
    page.querySelector('.submit')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(safety.report).toHaveBeenCalledWith({ type: 'user', userId: 'bob', conversationId: 'g1' }, 'abuse', '');
    expect(text(page, '.done__title')).toBe('你已经举报过了');
  });

  it('keeps the form and shows the error when the report fails', async () => {
    const { safety } = fakes();
    safety.report.mockRejectedValueOnce(Object.assign(new Error('x'), { userMessage: 'It no longer exists.' }));
    const page = await open({ messageId: 'm123456789' });
    page.querySelectorAll('.reason')[6].dispatchEvent('tap');
    page.querySelector('.submit')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: 'It no longer exists.', icon: 'none' });
    expect(page.querySelector('.done')).toBeUndefined();
  });
});
