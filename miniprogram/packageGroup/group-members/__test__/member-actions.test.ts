import { memberActions } from '../member-actions';

const NOW = 1_000_000;
const labels = (actor: Parameters<typeof memberActions>[0], role: 'owner' | 'admin' | 'member', mutedUntil = 0, openid = 'bob') =>
  memberActions(actor, { openid, name: 'Bob', role, mutedUntil }, 'me', NOW).map((a) => a.label);

describe('a member action sheet follows allowedOnMember', () => {
  it('the owner on a member: everything, within six items', () => {
    expect(labels('owner', 'member')).toEqual(['查看资料', '禁言…', '设为管理员', '转让群主', '移出群聊', '移出并拉黑']);
  });
  it('the owner on an admin: demote instead of promote', () => {
    expect(labels('owner', 'admin')).toEqual(['查看资料', '禁言…', '取消管理员', '转让群主', '移出群聊', '移出并拉黑']);
  });
  it('an admin on a member: moderation only; on another admin or the owner: nothing', () => {
    expect(labels('admin', 'member')).toEqual(['查看资料', '禁言…', '移出群聊', '移出并拉黑']);
    expect(labels('admin', 'admin')).toEqual(['查看资料']);
    expect(labels('admin', 'owner')).toEqual(['查看资料']);
  });
  it('a muted member offers unmute; members and myself get only the profile', () => {
    expect(labels('admin', 'member', NOW + 1)).toContain('解除禁言');
    expect(labels('member', 'member')).toEqual(['查看资料']);
    expect(labels('owner', 'owner', 0, 'me')).toEqual(['查看资料']);
  });
  it('removal, ban and transfer ask first', () => {
    const actions = memberActions('owner', { openid: 'bob', name: 'Bob', role: 'member', mutedUntil: 0 }, 'me', NOW);
    expect(actions.filter((a) => a.kind === 'call' && a.confirm).map((a) => a.label)).toEqual(['转让群主', '移出群聊', '移出并拉黑']);
  });
});
