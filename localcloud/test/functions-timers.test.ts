// Timer triggers: the 7-field cron, firing on demand (service and HTTP route) and on schedule.
import path from 'path';
import type { LocalCloud } from '../src/cloud';
import { nextFireTime, parseCron } from '../src/functions/cron';
import type { InvocationRecord } from '../src/functions';
import { startTestCloud } from './support/cloud';

const FIXTURES = path.join(__dirname, 'fixtures/cloudfunctions');

/** Beijing wall-clock time (UTC+8) as epoch ms, the clock CloudBase timers run on. */
function beijing(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) - 8 * 3600_000;
}

describe('cron', () => {
  test('every second', () => {
    const c = parseCron('* * * * * * *');
    expect(nextFireTime(c, beijing(2024, 5, 1, 10, 0, 0) + 300)).toBe(beijing(2024, 5, 1, 10, 0, 1));
  });

  test('steps, ranges, lists and names', () => {
    // Every 10 minutes from minute 1 (SCF's documented meaning of 1/10).
    expect(nextFireTime(parseCron('0 1/10 * * * * *'), beijing(2024, 5, 1, 10, 2))).toBe(beijing(2024, 5, 1, 10, 11));
    // 02:00 on the 1st of every month (the CLI docs' example), from mid-May: June 1st.
    expect(nextFireTime(parseCron('0 0 2 1 * * *'), beijing(2024, 5, 15))).toBe(beijing(2024, 6, 1, 2));
    // Weekdays at 09:30; 2024-05-04 is a Saturday, so Monday the 6th.
    expect(nextFireTime(parseCron('0 30 9 * * MON-FRI *'), beijing(2024, 5, 4, 12))).toBe(beijing(2024, 5, 6, 9, 30));
    // Sunday is 0.
    expect(nextFireTime(parseCron('0 0 0 * * 0 *'), beijing(2024, 5, 1))).toBe(beijing(2024, 5, 5));
    expect(nextFireTime(parseCron('0 0 12 * JAN,JUL * 2025'), beijing(2024, 5, 1))).toBe(beijing(2025, 1, 1, 12));
    // Feb 30 never exists.
    expect(nextFireTime(parseCron('0 0 0 30 2 * *'), beijing(2024, 1, 1))).toBeNull();
  });

  test('bad expressions are clear INVALID_PARAM errors', () => {
    expect(() => parseCron('0 0 2 1 * *')).toThrow(expect.objectContaining({ code: 'INVALID_PARAM', message: expect.stringContaining('expected 7 fields') }));
    expect(() => parseCron('61 * * * * * *')).toThrow(/second 61 is outside 0-59/);
    expect(() => parseCron('0 0 0 L * * *')).toThrow(/not supported/);
    expect(() => parseCron('*/0 * * * * * *')).toThrow(/bad step/);
  });
});

describe('timer triggers', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ functions: { configPath: path.join(FIXTURES, 'cloudbaserc.json') } });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  test('fireTimer runs the function with the timer event and no user', async () => {
    const before = Date.now();
    const record = await cloud.functions.fireTimer('ticker', 'nightly');
    expect(record.status).toBe('ok');
    expect(record.trigger).toEqual({ kind: 'timer', trigger: 'nightly' });
    const result = record.result as { event: { Type: string; TriggerName: string; Time: string; Message: string }; openid: unknown; source: unknown; triggerSrc: unknown };
    expect(result.event).toEqual({ Type: 'Timer', TriggerName: 'nightly', Time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), Message: '' });
    expect(Date.parse(result.event.Time)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(result).toMatchObject({ openid: null, source: 'wx_trigger', triggerSrc: 'timer' });
  });

  test('POST /functions/timers/<name>/fire fires the first trigger; unknown names are clear errors', async () => {
    const res = await fetch(`${cloud.url}/functions/timers/ticker/fire`, { method: 'POST' });
    const record = (await res.json()) as InvocationRecord;
    expect(record).toMatchObject({ function: 'ticker', status: 'ok', trigger: { kind: 'timer', trigger: 'everySecond' } });
    const noTrigger = await fetch(`${cloud.url}/functions/timers/whoami/fire`, { method: 'POST' });
    expect(await noTrigger.json()).toMatchObject({ code: 'INVALID_PARAM', message: 'function whoami has no timer trigger' });
    const noFunction = await fetch(`${cloud.url}/functions/timers/nope/fire`, { method: 'POST' });
    expect(await noFunction.json()).toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  });

  test('the every-second trigger fires on schedule, on whole seconds', async () => {
    const since = Date.now();
    const run = await cloud.functions.waitForInvocation((r) => r.trigger.kind === 'timer' && r.trigger.trigger === 'everySecond' && Date.parse(r.startedAt) >= since, 5000);
    const time = (run.result as { event: { Time: string } }).event.Time;
    expect(Date.parse(time) % 1000).toBe(0);
    expect(Math.abs(Date.parse(run.startedAt) - Date.parse(time))).toBeLessThan(1000);
  });
});
