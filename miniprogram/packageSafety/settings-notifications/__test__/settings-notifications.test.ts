import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppSafety, type AppSafety } from '../../../root';
import { indexOf, localOffsetMinutes, TIMES } from '../quiet-hours';

function setup(settings = { enabled: true, quietHours: null as null | object, credits: { tmpl_new_messages: 2 } as Record<string, number> }) {
  const notifications = {
    loadTemplates: jest.fn(async () => undefined),
    templateId: (k: string) => (k === 'messages' ? 'tmpl_new_messages' : 'tmpl_report_result'),
    getSettings: jest.fn(async () => settings),
    setSettings: jest.fn(async (c: { enabled?: boolean; quietHours?: object | null }) => ({ ...settings, ...c })),
    requestConsent: jest.fn(async () => ({ accepted: true, results: {}, credits: { tmpl_new_messages: 3, tmpl_report_result: 1 } })),
  };
  setAppSafety({ notifications } as unknown as AppSafety);
  return notifications;
}
const load = async () => {
  const page = renderUnit('packageSafety/settings-notifications/settings-notifications');
  await (page.instance as unknown as { onLoad(): Promise<void> }).onLoad();
  return page;
};
const call = (page: ReturnType<typeof renderUnit>, name: string, detail: unknown) => (page.instance as unknown as Record<string, (e: object) => void>)[name]({ detail });

describe('notification settings', () => {
  afterEach(() => setAppSafety(null));

  it('shows the stored settings and the sends left per template', async () => {
    setup();
    const page = await load();
    expect(page.data.enabled).toBe(true);
    expect(page.querySelector('.credits-messages')!.dom!.textContent).toBe('还可提醒 2 次');
    expect(page.querySelector('.credits-reports')!.dom!.textContent).toBe('还可提醒 0 次');
    expect(page.querySelector('.quiet-start')).toBeUndefined();
  });

  it('saves the master switch and quiet hours picked by half hour in the phone time zone', async () => {
    const n = setup();
    const page = await load();
    call(page, 'onEnabled', { value: false });
    await simulate.sleep(0);
    expect(n.setSettings).toHaveBeenLastCalledWith({ enabled: false });
    call(page, 'onQuiet', { value: true });
    await simulate.sleep(0);
    const offset = localOffsetMinutes();
    expect(n.setSettings).toHaveBeenLastCalledWith({ quietHours: { start: '22:00', end: '07:00', utcOffsetMinutes: offset } });
    expect(page.querySelector('.quiet-start')).toBeDefined();
    call(page, 'onStart', { value: indexOf('23:30') });
    await simulate.sleep(0);
    expect(n.setSettings).toHaveBeenLastCalledWith({ quietHours: { start: '23:30', end: '07:00', utcOffsetMinutes: offset } });
    call(page, 'onQuiet', { value: false });
    await simulate.sleep(0);
    expect(n.setSettings).toHaveBeenLastCalledWith({ quietHours: null });
    expect(TIMES).toHaveLength(48);
  });

  it('asks WeChat for both templates from the button and shows the new credits', async () => {
    const n = setup();
    const page = await load();
    page.querySelector('.consent')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(n.requestConsent).toHaveBeenCalledWith(['messages', 'reportResolved']);
    expect(page.querySelector('.credits-messages')!.dom!.textContent).toBe('还可提醒 3 次');
    expect(page.querySelector('.credits-reports')!.dom!.textContent).toBe('还可提醒 1 次');
  });
});
