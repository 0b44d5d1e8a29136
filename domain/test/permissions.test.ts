// The matrix as the mini program reads it (no cloud): menus per standing, posting under mutes and
// settings. The same decisions through the real function are in test/communities/matrix.test.ts.
import { allowedOnMember, allowedOperations, decide, Standing } from '../permissions';

describe('permission matrix', () => {
  it.each<[Standing, string[]]>([
    ['owner', ['view', 'post', 'shareFile', 'invite', 'approve', 'muteAll', 'unban', 'pin', 'edit', 'dissolve', 'viewAudit', 'setNotify']],
    ['admin', ['view', 'post', 'shareFile', 'invite', 'approve', 'muteAll', 'unban', 'pin', 'edit', 'leave', 'viewAudit', 'setNotify']],
    ['member', ['view', 'post', 'shareFile', 'invite', 'leave', 'setNotify']],
    ['none', []],
    ['banned', []],
  ])('a %s sees these group actions', (actor, expected) => {
    expect(allowedOperations({ actor })).toEqual(expected);
  });

  it.each<[Standing, Standing, string[]]>([
    ['owner', 'admin', ['remove', 'mute', 'ban', 'demote', 'transfer']],
    ['owner', 'member', ['remove', 'mute', 'ban', 'promote', 'transfer']],
    ['admin', 'owner', []],
    ['admin', 'admin', []],
    ['admin', 'member', ['remove', 'mute', 'ban']],
    ['member', 'member', []],
  ])('a %s acting on a %s may', (actor, target, expected) => {
    expect(allowedOnMember({ actor, target })).toEqual(expected);
  });

  it('posting: muted members, mute-all and file sharing', () => {
    const now = 1_000;
    expect(decide('post', { actor: 'member', mutedUntil: 2_000, now })).toMatchObject({ allowed: false, code: 'MUTED' });
    expect(decide('post', { actor: 'member', mutedUntil: 500, now })).toEqual({ allowed: true });
    expect(decide('post', { actor: 'member', settings: { muteAll: true } })).toMatchObject({ allowed: false, code: 'MUTED' });
    expect(decide('post', { actor: 'admin', settings: { muteAll: true } })).toEqual({ allowed: true });
    expect(decide('shareFile', { actor: 'member', settings: { fileSharing: false } })).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(decide('shareFile', { actor: 'owner', settings: { fileSharing: false } })).toEqual({ allowed: true });
  });

  it('the owner must transfer before leaving; nobody acts on themself', () => {
    expect(decide('leave', { actor: 'owner' })).toMatchObject({ allowed: false, code: 'OWNER_MUST_TRANSFER' });
    expect(decide('remove', { actor: 'owner', target: 'owner', targetIsSelf: true })).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
  });
});
