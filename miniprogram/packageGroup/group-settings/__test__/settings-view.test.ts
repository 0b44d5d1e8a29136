import type { GroupPreviewWire } from '../../../services/groups';
import { settingsView } from '../settings-view';

const preview = (standing: GroupPreviewWire['standing'], settings: Partial<GroupPreviewWire['group']['settings']> = {}): GroupPreviewWire => ({
  group: {
    conversationId: 'g1',
    name: 'Hiking',
    description: '',
    avatarUrl: '',
    category: 'outdoors',
    tags: ['hiking', '徒步'],
    visibility: 'public',
    joinPolicy: 'approval',
    memberCount: 4,
    lastActiveAt: '',
    lastPreview: '',
    announcement: '',
    settings: { membersMayInvite: true, historyForNewMembers: true, fileSharing: true, slowModeSeconds: 45, muteAll: false, ...settings },
    ownerId: 'alice',
  },
  standing,
  requested: false,
  recentMessages: [],
});

const ops = (standing: GroupPreviewWire['standing'], settings = {}) => Object.keys(settingsView(preview(standing, settings), 'all', 0, 0).can).sort();

describe('settings view', () => {
  it('shows each standing the operations the matrix allows', () => {
    expect(ops('owner')).toEqual(['approve', 'dissolve', 'edit', 'invite', 'muteAll', 'pin', 'post', 'setNotify', 'shareFile', 'transfer', 'unban', 'view', 'viewAudit']);
    expect(ops('admin')).toEqual(['approve', 'edit', 'invite', 'leave', 'muteAll', 'pin', 'post', 'setNotify', 'shareFile', 'unban', 'view', 'viewAudit']);
    expect(ops('member')).toEqual(['invite', 'leave', 'post', 'setNotify', 'shareFile', 'view']);
    expect(ops('member', { membersMayInvite: false })).not.toContain('invite');
  });

  it('offers the owner "转让群主" (it picks a member) when there is someone to hand the group to', () => {
    expect(settingsView(preview('owner'), 'all', 0, 0).can.transfer).toBe(true);
    const alone = preview('owner');
    alone.group.memberCount = 1;
    expect(settingsView(alone, 'all', 0, 0).can.transfer).toBeUndefined();
    expect(settingsView(preview('admin'), 'all', 0, 0).can.transfer).toBeUndefined();
  });

  it('prepares labels and picker positions', () => {
    const v = settingsView(preview('owner'), 'mentions', 0, 0);
    expect(v).toMatchObject({ categoryLabel: '户外', tagsLabel: '#hiking #徒步', policyIndex: 1, notifyIndex: 1, slowModeLabel: '45 秒', isOwner: true });
  });
});
