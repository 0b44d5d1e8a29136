// Stored documents the groups code reads, and the answers of the groups function that the pages
// use (the request side is domain/contracts/groups.ts).
import type { Role } from '../permissions';

export type Visibility = 'public' | 'private';
export type JoinPolicy = 'open' | 'approval' | 'invite';
export type Notify = 'all' | 'mentions' | 'none';

export interface GroupSettings {
  membersMayInvite: boolean;
  historyForNewMembers: boolean;
  fileSharing: boolean;
  slowModeSeconds: number;
  muteAll: boolean;
}

export interface GroupDoc {
  _id: string;
  type: 'group' | 'direct';
  name: string;
  description?: string;
  avatarUrl?: string;
  category?: string;
  tags?: string[];
  visibility: Visibility;
  joinPolicy?: JoinPolicy;
  ownerId?: string;
  settings?: Partial<GroupSettings>;
  announcement?: string;
  searchText?: string;
  seq: number;
  memberCount: number;
  lastMessage?: { preview?: string; createdAt?: Date } | null;
  createdAt: Date;
  updatedAt: Date;
  dissolvedAt?: Date;
}

/** The stored member document (derived from database/members.json). */
export type { MemberDoc } from './documents';

export interface InvitationDoc {
  _id: string;
  kind: 'share' | 'code';
  conversationId: string;
  inviterId: string;
  expiresAt: number;
  maxUses: number;
  uses: number;
  usedBy: string[];
  revokedAt?: Date;
}

export interface JoinRequestDoc {
  _id: string;
  conversationId: string;
  openid: string;
  status: 'pending' | 'approved' | 'rejected';
  note?: string;
  createdAt: Date;
}

/** A group as the directory, search, recommendations and previews show it. */
export interface GroupSummary {
  conversationId: string;
  name: string;
  description: string;
  avatarUrl: string;
  category: string;
  tags: string[];
  visibility: Visibility;
  joinPolicy: JoinPolicy;
  memberCount: number;
  lastActiveAt: Date;
  lastPreview: string;
}

export interface GroupPage {
  groups: GroupSummary[];
  /** Pass as `offset` for the next page; absent on the last page. */
  nextOffset?: number;
}

export interface PreviewMessage {
  messageId: string;
  seq: number;
  type: string;
  senderId: string;
  senderName: string;
  text: string;
  createdAt: Date;
}

export interface GroupPreview {
  group: GroupSummary & { announcement: string; settings: GroupSettings; ownerId: string };
  /** Your standing in the group: owner | admin | member | none | banned. */
  standing: import('../permissions').Standing;
  /** Join request pending for you. */
  requested: boolean;
  /** Newest first, up to 20; only for public groups and members. */
  recentMessages: PreviewMessage[];
}

export interface MemberView {
  openid: string;
  nickname: string;
  avatarUrl: string;
  role: Role;
  mutedUntil: number;
  joinedAt: Date;
}

export interface JoinOutcome {
  conversationId: string;
  /** joined: a member now; member: was one already; requested: waiting for approval. */
  status: 'joined' | 'member' | 'requested';
}

export const DEFAULT_SETTINGS: GroupSettings = {
  membersMayInvite: true,
  historyForNewMembers: true,
  fileSharing: true,
  slowModeSeconds: 0,
  muteAll: false,
};

/** createInvitation's answer. */
export interface CreatedInvitation {
  invitationId: string;
  kind: 'share' | 'code';
  expiresAt: number;
  maxUses: number;
  /** share: the token and the path for onShareAppMessage. */
  token?: string;
  path?: string;
  /** code: what a person types on the join page. */
  code?: string;
}

/** One pending join request as listRequests answers it (dates arrive as strings on the wire). */
export interface JoinRequestView<When = Date> {
  openid: string;
  nickname: string;
  note: string;
  createdAt: When;
}
