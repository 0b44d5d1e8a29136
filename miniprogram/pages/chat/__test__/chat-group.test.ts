// The group chat's header (its name too, renames included) and posting rule follow the inbox's live
// documents: a mute arriving on my member doc disables the input at once, and a timed mute lifts
// itself when it ends.
import { action, observable } from 'mobx-miniprogram';
import { watchGroup, type GroupHeader } from '../chat-group';

describe('watchGroup', () => {
  afterEach(() => jest.useRealTimers());

  it('follows my member doc and the group doc live, and lifts a timed mute on time', () => {
    jest.useFakeTimers();
    const now = new Date(2026, 5, 3, 14, 0).getTime();
    jest.setSystemTime(now);
    const store = observable(
      { members: { g1: { role: 'member', mutedUntil: 0 } } as Record<string, unknown>, conversations: { g1: { name: 'Hiking', memberCount: 5, announcement: '' } } as Record<string, unknown> },
      { members: observable.ref, conversations: observable.ref },
    );
    const seen: GroupHeader[] = [];
    const stop = watchGroup(store as never, 'g1', (h) => seen.push(h));
    expect(seen.at(-1)).toEqual({ name: 'Hiking', announcement: '', memberLine: '5 位成员', speakBlocked: '', departed: '' });

    action(() => (store.members = { g1: { role: 'member', mutedUntil: now + 30 * 60_000 } }))();
    expect(seen.at(-1)!.speakBlocked).toBe('你已被禁言至 14:30');
    action(() => (store.conversations = { g1: { name: 'Hiking 徒步', memberCount: 5, announcement: 'Sat 8:30', settings: { muteAll: true } } }))();
    expect(seen.at(-1)).toMatchObject({ name: 'Hiking 徒步', announcement: 'Sat 8:30', speakBlocked: '你已被禁言至 14:30' });

    jest.advanceTimersByTime(30 * 60_000 + 100);
    expect(seen.at(-1)!.speakBlocked).toBe('全员禁言中，仅群主和管理员可发言');
    const count = seen.length;
    stop();
    action(() => (store.conversations = { g1: { memberCount: 6 } }))();
    expect(seen).toHaveLength(count);
  });

  it('says why once the group is no longer mine: removed (the inbox record), then dissolved (the group doc)', () => {
    const store = observable(
      {
        members: { g1: { role: 'member' } } as Record<string, unknown>,
        conversations: { g1: { name: 'Hiking', memberCount: 5, announcement: 'Sat' } } as Record<string, unknown>,
        departed: {} as Record<string, unknown>,
      },
      { members: observable.ref, conversations: observable.ref, departed: observable.ref },
    );
    const seen: GroupHeader[] = [];
    const stop = watchGroup(store as never, 'g1', (h) => seen.push(h));
    // the record alone changes nothing while my membership is still there (the two watches race)
    action(() => (store.departed = { g1: { reason: 'removed', name: 'Hiking' } }))();
    expect(seen.at(-1)).toMatchObject({ speakBlocked: '', departed: '' });
    action(() => (store.members = {}))();
    expect(seen.at(-1)).toMatchObject({ speakBlocked: '你已被移出群聊', departed: 'removed', announcement: '', memberLine: '' });
    action(() => {
      store.departed = {};
      store.members = { g1: { role: 'member' } };
      store.conversations = { g1: { name: 'Hiking', memberCount: 0, dissolvedAt: new Date() } };
    })();
    expect(seen.at(-1)).toMatchObject({ speakBlocked: '该群已解散', departed: 'dissolved' });
    stop();
  });
});
