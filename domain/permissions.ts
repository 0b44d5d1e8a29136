// The one permission matrix of group management, read by the groups function (the security
// boundary) and by the mini program (which buttons to show). Pure data and pure functions: no
// ajv, no I/O, so it bundles into the mini program as is.
//
// Three layers, checked in this order:
//  1. standing: banned and non-members may do nothing in a group (joining is a policy, not a role
//     permission: see domain/server/groups/join.ts);
//  2. role: the roles listed for the operation;
//  3. target and state: rank between actor and target (owner > admin > member), the group's
//     settings (membersMayInvite, muteAll, fileSharing) and the actor's own mute.
import type { Role } from './contracts/documents';
import type { AppErrorCode } from './errors';

export type { Role };
/** Where a person stands in one group. */
export type Standing = Role | 'none' | 'banned';

export const ROLES: readonly Role[] = ['owner', 'admin', 'member'];
export const STANDINGS: readonly Standing[] = ['owner', 'admin', 'member', 'none', 'banned'];

export type GroupOperation =
  | 'view' // read messages, the member list
  | 'post'
  | 'shareFile'
  | 'invite'
  | 'approve' // decide join requests
  | 'remove'
  | 'mute'
  | 'muteAll'
  | 'ban'
  | 'unban'
  | 'pin' // the announcement
  | 'edit' // name, description, avatar, category, tags, visibility, join policy, settings
  | 'deleteMessage' // someone else's message
  | 'promote'
  | 'demote'
  | 'transfer'
  | 'dissolve'
  | 'leave'
  | 'viewAudit'
  | 'setNotify';

/**
 * What the operation asks of its target:
 *  - outranked: the actor's rank is strictly above the target's (so nobody acts on themself, an
 *    admin never on the owner or another admin); a non-member target counts as the lowest rank;
 *  - member / admin: the target must hold exactly that role (promote / demote);
 *  - otherMember: any member but the actor (transfer).
 */
export type TargetRule = 'outranked' | 'member' | 'admin' | 'otherMember';

export interface OperationRule {
  roles: readonly Role[];
  target?: TargetRule;
}

const STAFF: readonly Role[] = ['owner', 'admin'];
const EVERYONE: readonly Role[] = ROLES;
const OWNER: readonly Role[] = ['owner'];

/** The matrix. `invite` for members, `post` and `shareFile` also depend on settings (see decide). */
export const PERMISSIONS: Readonly<Record<GroupOperation, OperationRule>> = {
  view: { roles: EVERYONE },
  post: { roles: EVERYONE },
  shareFile: { roles: EVERYONE },
  invite: { roles: EVERYONE },
  approve: { roles: STAFF },
  remove: { roles: STAFF, target: 'outranked' },
  mute: { roles: STAFF, target: 'outranked' },
  muteAll: { roles: STAFF },
  ban: { roles: STAFF, target: 'outranked' },
  unban: { roles: STAFF },
  pin: { roles: STAFF },
  edit: { roles: STAFF },
  deleteMessage: { roles: STAFF, target: 'outranked' },
  promote: { roles: OWNER, target: 'member' },
  demote: { roles: OWNER, target: 'admin' },
  transfer: { roles: OWNER, target: 'otherMember' },
  dissolve: { roles: OWNER },
  leave: { roles: ['admin', 'member'] },
  viewAudit: { roles: STAFF },
  setNotify: { roles: EVERYONE },
};

export const GROUP_OPERATIONS = Object.keys(PERMISSIONS) as GroupOperation[];

export interface GroupSettingsView {
  membersMayInvite?: boolean;
  fileSharing?: boolean;
  muteAll?: boolean;
}

export interface PermissionContext {
  actor: Standing;
  /** The target's standing, for operations with a target rule. */
  target?: Standing;
  /** The target is the actor. */
  targetIsSelf?: boolean;
  settings?: GroupSettingsView;
  /** The actor's members.mutedUntil (epoch ms). */
  mutedUntil?: number;
  now?: number;
}

export type DenyCode = Extract<AppErrorCode, 'NOT_MEMBER' | 'BANNED' | 'FORBIDDEN' | 'MUTED' | 'OWNER_MUST_TRANSFER' | 'NOT_FOUND'>;
export type Decision = { allowed: true } | { allowed: false; code: DenyCode; reason: string };

const RANK: Record<Standing, number> = { owner: 3, admin: 2, member: 1, none: 0, banned: 0 };

const ALLOW: Decision = { allowed: true };
const deny = (code: DenyCode, reason: string): Decision => ({ allowed: false, code, reason });

function isRole(s: Standing | undefined): s is Role {
  return s === 'owner' || s === 'admin' || s === 'member';
}

function checkTarget(rule: TargetRule, ctx: PermissionContext): Decision {
  const target = ctx.target ?? 'none';
  switch (rule) {
    case 'outranked':
      if (ctx.targetIsSelf) return deny('FORBIDDEN', 'use leave to act on yourself');
      return RANK[ctx.actor] > RANK[target] ? ALLOW : deny('FORBIDDEN', `a ${ctx.actor} cannot act on a ${target}`);
    case 'member':
    case 'admin':
      if (!isRole(target)) return deny('NOT_FOUND', 'the target is not a member');
      return target === rule ? ALLOW : deny('FORBIDDEN', `the target must be a ${rule}, not a ${target}`);
    case 'otherMember':
      if (ctx.targetIsSelf) return deny('FORBIDDEN', 'choose another member');
      return isRole(target) ? ALLOW : deny('NOT_FOUND', 'the target is not a member');
  }
}

/** May `ctx.actor` perform `operation`? The reason is for logs; the code is what clients map. */
export function decide(operation: GroupOperation, ctx: PermissionContext): Decision {
  const actor = ctx.actor;
  if (actor === 'banned') return deny('BANNED', 'banned from this group');
  if (actor === 'none') return deny('NOT_MEMBER', 'not a member of this group');
  const rule = PERMISSIONS[operation];
  if (operation === 'leave' && actor === 'owner') return deny('OWNER_MUST_TRANSFER', 'the owner must transfer ownership or dissolve');
  if (!rule.roles.includes(actor)) return deny('FORBIDDEN', `a ${actor} may not ${operation}`);
  if (operation === 'invite' && actor === 'member' && ctx.settings?.membersMayInvite === false) {
    return deny('FORBIDDEN', 'only admins invite in this group');
  }
  if (operation === 'post' || operation === 'shareFile') {
    if ((ctx.mutedUntil ?? 0) > (ctx.now ?? Date.now())) return deny('MUTED', 'muted until later');
    if (actor === 'member' && ctx.settings?.muteAll) return deny('MUTED', 'the group is muted for members');
    if (operation === 'shareFile' && actor === 'member' && ctx.settings?.fileSharing === false) {
      return deny('FORBIDDEN', 'file sharing is off in this group');
    }
  }
  return rule.target ? checkTarget(rule.target, ctx) : ALLOW;
}

export function can(operation: GroupOperation, ctx: PermissionContext): boolean {
  return decide(operation, ctx).allowed;
}

/** The operations without a target the actor may perform now: what a group's menu shows. */
export function allowedOperations(ctx: Omit<PermissionContext, 'target' | 'targetIsSelf'>): GroupOperation[] {
  return GROUP_OPERATIONS.filter((op) => !PERMISSIONS[op].target && decide(op, ctx).allowed);
}

/** The operations the actor may perform on one member: what a member's action sheet shows. */
export function allowedOnMember(ctx: PermissionContext): GroupOperation[] {
  return GROUP_OPERATIONS.filter((op) => PERMISSIONS[op].target && op !== 'deleteMessage' && decide(op, ctx).allowed);
}
