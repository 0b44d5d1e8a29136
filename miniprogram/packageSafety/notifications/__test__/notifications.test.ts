import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppMessaging } from '../../../root';
import { setAppSafety, type AppSafety } from '../../../root';
import type { Messaging } from '../../../services/messaging';

const storage = new Map<string, unknown>();
Object.assign(wx, {
  getStorageSync: (k: string) => storage.get(k) ?? '',
  setStorageSync: (k: string, v: unknown) => storage.set(k, v),
});

const NOW = Date.now();
const notices = [
  { _id: 'n2', kind: 'report_resolved', title: 'Your report', body: 'Action taken', reportId: 'rp_1', createdAt: new Date(NOW - 60_000) },
  { _id: 'n1', kind: 'message_blocked', title: 'Message not sent', body: 'contains a banned word', conversationId: 'g1', createdAt: { $date: NOW - 3_600_000 } },
];

function setup(list: unknown[] = notices) {
  setAppMessaging({ me: { openid: 'alice' } } as unknown as Messaging);
  const safety = { myReports: jest.fn(async () => [{ _id: 'rp_1', target: { type: 'message', preview: 'buy followers' }, reason: 'spam', status: 'resolved', resolution: 'hide_message' }]) };
  const notifications = { notices: jest.fn(async () => list) };
  setAppSafety({ safety, notifications } as unknown as AppSafety);
  return { safety, notifications };
}
const show = async () => {
  const page = renderUnit('packageSafety/notifications/notifications');
  (page.instance as unknown as { onShow(): void }).onShow();
  await simulate.sleep(10);
  return page;
};

describe('notification centre', () => {
  beforeEach(() => storage.clear());
  afterEach(() => {
    setAppSafety(null);
    setAppMessaging(null);
  });

  it('lists notices newest first with the report outcome in words, new ones marked until seen', async () => {
    const { safety } = setup();
    const page = await show();
    expect(safety.myReports).toHaveBeenCalledWith(['rp_1']);
    const texts = (sel: string) => page.querySelectorAll(sel).map((r) => r.dom!.textContent);
    expect(texts('.notice__heading')).toEqual(['举报处理结果', '你的消息未通过审核']);
    expect(texts('.notice__text')).toEqual(['你举报的「buy followers」：该消息已被移除', 'Message not sent · contains a banned word']);
    expect(page.querySelectorAll('.notice__dot')).toHaveLength(2);
    // shown once: seen on this device
    const again = await show();
    expect(again.querySelectorAll('.notice__dot')).toHaveLength(0);
    again.querySelectorAll('.notice')[1].dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/chat/chat?id=g1' });
  });

  it('says when there is nothing yet', async () => {
    setup([]);
    const page = await show();
    expect(page.querySelector('.empty')).toBeDefined();
    expect(page.querySelectorAll('.notice')).toHaveLength(0);
  });
});
