// The groups service over a fake wx.cloud: every action goes to the one `groups` function with
// the contract's shape; `{ok:false}` answers become ServiceErrors carrying the stable code.
import { CloudService, ServiceError } from '../cloud';
import { GroupsService, categoryLabel } from '../groups';
import type { CloudLike } from '../ports';

function service(answer: (data: Record<string, unknown>) => unknown) {
  const calls: Array<{ name: string; data: Record<string, unknown> }> = [];
  const cloud = {
    callFunction: async ({ name, data }: { name: string; data: Record<string, unknown> }) => {
      calls.push({ name, data });
      return { result: answer(data) };
    },
    database: () => ({}),
  } as unknown as CloudLike;
  return { groups: new GroupsService(new CloudService(cloud)), calls };
}

describe('GroupsService', () => {
  it('sends each action to the groups function in the contract shape', async () => {
    const { groups, calls } = service(() => ({ ok: true, data: { groups: [] } }));
    await groups.search({ query: '徒步', offset: 20, limit: 20 });
    await groups.mute('g1', 'bob', 60);
    await groups.onMember('promote', 'g1', 'bob');
    await groups.decide('g1', 'erin', false);
    await groups.listRequests('g1');
    await groups.leave('g1', true);
    expect(calls).toEqual([
      { name: 'groups', data: { action: 'search', query: '徒步', offset: 20, limit: 20 } },
      { name: 'groups', data: { action: 'mute', conversationId: 'g1', openid: 'bob', minutes: 60 } },
      { name: 'groups', data: { action: 'promote', conversationId: 'g1', openid: 'bob' } },
      { name: 'groups', data: { action: 'reject', conversationId: 'g1', openid: 'erin' } },
      { name: 'groups', data: { action: 'listRequests', conversationId: 'g1' } },
      { name: 'groups', data: { action: 'leave', conversationId: 'g1', eraseMyMessages: true } },
    ]);
  });

  it('turns a refusal into a ServiceError with the code and the words for it', async () => {
    const { groups } = service(() => ({ ok: false, error: { code: 'INVITE_EXPIRED', message: 'expired' } }));
    const err = (await groups.join({ code: 'ABCDEFGH' }).catch((e: unknown) => e)) as ServiceError;
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.code).toBe('INVITE_EXPIRED');
    expect(err.userMessage).toBe('邀请已过期'); // the words of utils/reasons.ts, by code
  });

  it('names categories in Chinese, free-text ones as they are', () => {
    expect(categoryLabel('outdoors')).toBe('户外');
    expect(categoryLabel('culture')).toBe('culture');
  });
});
