import { speakState } from '../group-speak';
import { momentLabel } from '../when';

const NOW = new Date(2026, 5, 3, 14, 0).getTime();

describe('speakState: may I post now, and if not why', () => {
  it('lets members, admins and the owner post in an ordinary group', () => {
    for (const role of ['owner', 'admin', 'member']) expect(speakState({ role, mutedUntil: 0 }, {}, NOW)).toEqual({ reason: '', until: 0 });
  });

  it('a timed mute says until when, and lapses by itself', () => {
    const until = NOW + 30 * 60_000;
    expect(speakState({ role: 'member', mutedUntil: until }, {}, NOW)).toEqual({ reason: '你已被禁言至 14:30', until });
    expect(speakState({ role: 'member', mutedUntil: until }, {}, until + 1).reason).toBe('');
  });

  it('mute-all stops members only', () => {
    const group = { settings: { muteAll: true } };
    expect(speakState({ role: 'member', mutedUntil: 0 }, group, NOW)).toEqual({ reason: '全员禁言中，仅群主和管理员可发言', until: 0 });
    expect(speakState({ role: 'admin', mutedUntil: 0 }, group, NOW).reason).toBe('');
    expect(speakState({ role: 'owner', mutedUntil: 0 }, group, NOW).reason).toBe('');
  });

  it('says nothing before the member document is known (the server still decides)', () => {
    expect(speakState(undefined, { settings: { muteAll: true } }, NOW).reason).toBe('');
    expect(speakState({ mutedUntil: NOW + 1000 }, undefined, NOW).reason).toBe('');
  });

  it('labels moments relative to today', () => {
    expect(momentLabel(new Date(2026, 5, 3, 9, 5).getTime(), NOW)).toBe('09:05');
    expect(momentLabel(new Date(2026, 5, 4, 9, 5).getTime(), NOW)).toBe('6月4日 09:05');
    expect(momentLabel(new Date(2027, 0, 1, 0, 0).getTime(), NOW)).toBe('2027年1月1日 00:00');
  });
});
