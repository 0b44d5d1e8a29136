// The groups function's one table: action name -> handler. The cloud function entry validates the
// request against domain/contracts/groups.ts and calls `handleGroups`.
import type { RequestOf } from '../../function';
import type { groups } from '../../contracts/groups';
import type { Database } from '../database';
import { directory, preview, recommend, search } from './directory';
import { createInvitation, resolveInvitation, revokeInvitation } from './invitations';
import { decideRequest, joinGroup, listRequests } from './join';
import { auditLog, listMembers, setNotify } from './members';
import { banUser, changeRole, deleteMessage, leaveGroup, muteMember, removeMember, transferOwnership, unbanUser } from './membership';
import { createGroup, dissolveGroup, dissolveProgress, setAnnouncement, setMuteAll, updateGroup } from './profile';
import { summaryOf } from './directory';
import { findById } from '../database';
import { AppError, AppErrorCode } from '../../errors';
import { assertNotGloballyBanned } from '../safety/bans';
import type { GroupDoc } from './types';

export type GroupsRequest = RequestOf<typeof groups>;

/** The join page's first call: what the invitation leads to, without using it up. */
async function inspectInvitation(db: Database, req: Extract<GroupsRequest, { action: 'inspectInvitation' }>) {
  const invitation = await resolveInvitation(db, req);
  const group = await findById<GroupDoc>(db, 'conversations', invitation.conversationId);
  if (!group || group.dissolvedAt) throw new AppError(AppErrorCode.NOT_FOUND, 'the group no longer exists');
  return { group: summaryOf(group), inviterId: invitation.inviterId, expiresAt: invitation.expiresAt, usesLeft: Math.max(0, invitation.maxUses - invitation.uses) };
}

/** Actions that only read: open to everyone signed in, even a globally banned user. */
const READ_ONLY = new Set<GroupsRequest['action']>(['directory', 'search', 'recommend', 'preview', 'inspectInvitation', 'members', 'auditLog', 'listRequests', 'dissolveProgress']);

export async function handleGroups(db: Database, openid: string, req: GroupsRequest): Promise<unknown> {
  if (!READ_ONLY.has(req.action)) await assertNotGloballyBanned(db, openid);
  switch (req.action) {
    case 'create':
      return createGroup(db, openid, req);
    case 'update':
      return updateGroup(db, openid, req);
    case 'setAnnouncement':
      return setAnnouncement(db, openid, req);
    case 'muteAll':
      return setMuteAll(db, openid, req);
    case 'dissolve':
      return dissolveGroup(db, openid, req);
    case 'dissolveProgress':
      return dissolveProgress(db, openid, req);
    case 'join':
      return joinGroup(db, openid, req);
    case 'inspectInvitation':
      return inspectInvitation(db, req);
    case 'createInvitation':
      return createInvitation(db, openid, req);
    case 'revokeInvitation':
      return revokeInvitation(db, openid, req);
    case 'listRequests':
      return listRequests(db, openid, req);
    case 'approve':
    case 'reject':
      return decideRequest(db, openid, req);
    case 'leave':
      return leaveGroup(db, openid, req);
    case 'remove':
      return removeMember(db, openid, req);
    case 'ban':
      return banUser(db, openid, req);
    case 'unban':
      return unbanUser(db, openid, req);
    case 'mute':
    case 'unmute':
      return muteMember(db, openid, req);
    case 'promote':
    case 'demote':
      return changeRole(db, openid, req);
    case 'transfer':
      return transferOwnership(db, openid, req);
    case 'deleteMessage':
      return deleteMessage(db, openid, req);
    case 'members':
      return listMembers(db, openid, req);
    case 'setNotify':
      return setNotify(db, openid, req);
    case 'auditLog':
      return auditLog(db, openid, req);
    case 'directory':
      return directory(db, req);
    case 'search':
      return search(db, req);
    case 'recommend':
      return recommend(db, openid, req);
    case 'preview':
      return preview(db, openid, req);
  }
}
