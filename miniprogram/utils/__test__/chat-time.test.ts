import { listTimeLabel, separatorLabel, needsSeparator } from '../chat-time';

// A fixed "now": Wednesday 2025-06-18 15:30 local time.
const now = new Date(2025, 5, 18, 15, 30).getTime();
const at = (month: number, day: number, h = 9, m = 5, year = 2025) => new Date(year, month - 1, day, h, m).getTime();

describe('chat-time', () => {
  it('labels the conversation list: today clock, yesterday, weekday, date, other year', () => {
    expect(listTimeLabel(at(6, 18, 9, 5), now)).toBe('09:05');
    expect(listTimeLabel(at(6, 17, 23, 59), now)).toBe('昨天');
    expect(listTimeLabel(at(6, 15), now)).toBe('星期日');
    expect(listTimeLabel(at(6, 11), now)).toBe('6月11日');
    expect(listTimeLabel(at(12, 31, 9, 5, 2024), now)).toBe('2024年12月31日');
    expect(listTimeLabel(undefined, now)).toBe('');
  });

  it('labels separators with the day and the clock', () => {
    expect(separatorLabel(at(6, 18, 8, 0), now)).toBe('08:00');
    expect(separatorLabel(at(6, 17, 8, 0), now)).toBe('昨天 08:00');
    expect(separatorLabel(at(6, 1, 20, 7), now)).toBe('6月1日 20:07');
  });

  it('separates messages more than five minutes apart, and always the first one', () => {
    const t = at(6, 18, 10, 0);
    expect(needsSeparator(undefined, t)).toBe(true);
    expect(needsSeparator(t, t + 5 * 60 * 1000)).toBe(false);
    expect(needsSeparator(t, t + 5 * 60 * 1000 + 1)).toBe(true);
  });
});
