// The one client of the `groups` cloud function: every community action the pages take (discover,
// join, manage) goes through here, typed from the shared contract (request) and the server's
// answer types. Errors arrive as ServiceError with the function's stable code; pages show
// `err.userMessage`. Only types come from domain/contracts: the module itself pulls ajv.
import type { RequestOf } from '../../domain/function';
import type { groups } from '../../domain/contracts/groups';
import type { CreatedInvitation, GroupPage, GroupPreview, GroupSummary, JoinOutcome, JoinRequestView, MemberView, Notify } from '../../domain/contracts/groups-responses';
import type { CloudService } from './cloud';
import { isMessageKey } from '../../domain/i18n/index';
import { tr } from '../stores/locale';

export interface DissolveProgress {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  removedMembers: number;
  total?: number;
}

export type GroupsRequest = RequestOf<typeof groups>;
type Req<A extends GroupsRequest['action']> = Omit<Extract<GroupsRequest, { action: A }>, 'action'>;

/** What crosses callFunction is JSON: dates arrive as strings. */
export type Wire<T> = T extends Date ? string : T extends Array<infer U> ? Array<Wire<U>> : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export type GroupSummaryWire = Wire<GroupSummary>;
export type GroupPreviewWire = Wire<GroupPreview>;
export type MemberViewWire = Wire<MemberView>;

export type Invitation = CreatedInvitation;
export type JoinRequestWire = JoinRequestView<string>;
export interface InvitationInfo {
  group: GroupSummaryWire;
  inviterId: string;
  expiresAt: number;
  usesLeft: number;
}

/** A directory category's words (`category_<id>` in the catalogue); an unknown one as stored. */
export function categoryLabel(category: string): string {
  const key = `category_${category}`;
  return isMessageKey(key) ? tr(key) : category;
}

export class GroupsService {
  constructor(private readonly cloud: CloudService) {}

  private call<T>(action: GroupsRequest['action'], request: object = {}): Promise<T> {
    return this.cloud.call<T>('groups', { action, ...request });
  }

  // Discovery.
  directory(req: Req<'directory'> = {}): Promise<Wire<GroupPage>> {
    return this.call('directory', req);
  }
  search(req: Req<'search'>): Promise<Wire<GroupPage>> {
    return this.call('search', req);
  }
  recommend(limit = 6): Promise<{ groups: Array<GroupSummaryWire & { score: number }> }> {
    return this.call('recommend', { limit });
  }
  preview(req: Req<'preview'>): Promise<GroupPreviewWire> {
    return this.call('preview', req);
  }

  // Joining.
  join(req: Req<'join'>): Promise<JoinOutcome> {
    return this.call('join', req);
  }
  inspectInvitation(req: Req<'inspectInvitation'>): Promise<InvitationInfo> {
    return this.call('inspectInvitation', req);
  }
  createInvitation(req: Req<'createInvitation'>): Promise<Invitation> {
    return this.call('createInvitation', req);
  }
  listRequests(conversationId: string, offset = 0): Promise<{ requests: JoinRequestWire[]; nextOffset?: number }> {
    return this.call('listRequests', { conversationId, ...(offset ? { offset } : {}) });
  }
  decide(conversationId: string, openid: string, approve: boolean): Promise<{ status: 'approved' | 'rejected' }> {
    return this.call(approve ? 'approve' : 'reject', { conversationId, openid });
  }

  // The group itself.
  create(req: Req<'create'>): Promise<{ conversationId: string }> {
    return this.call('create', req);
  }
  update(req: Req<'update'>): Promise<{ conversationId: string; changed: string[] }> {
    return this.call('update', req);
  }
  setAnnouncement(conversationId: string, text: string): Promise<{ conversationId: string }> {
    return this.call('setAnnouncement', { conversationId, text });
  }
  muteAll(conversationId: string, on: boolean): Promise<{ muteAll: boolean }> {
    return this.call('muteAll', { conversationId, on });
  }
  /** Answers at once; a large group's dissolve goes on as a job (status 'queued' | 'running' until 'done'). */
  dissolve(conversationId: string): Promise<DissolveProgress> {
    return this.call('dissolve', { conversationId });
  }
  dissolveProgress(conversationId: string): Promise<DissolveProgress> {
    return this.call('dissolveProgress', { conversationId });
  }
  leave(conversationId: string, eraseMyMessages: boolean): Promise<{ erased: number }> {
    return this.call('leave', { conversationId, eraseMyMessages });
  }
  setNotify(conversationId: string, notify: Notify): Promise<{ notify: Notify }> {
    return this.call('setNotify', { conversationId, notify });
  }

  // Members.
  members(req: Req<'members'>): Promise<{ members: MemberViewWire[]; nextCursor?: string; total: number }> {
    return this.call('members', req);
  }
  /** remove, ban, unban, unmute, promote, demote, transfer: one member, no other input. */
  onMember(action: 'remove' | 'ban' | 'unban' | 'unmute' | 'promote' | 'demote' | 'transfer', conversationId: string, openid: string): Promise<unknown> {
    return this.call(action, { conversationId, openid });
  }
  mute(conversationId: string, openid: string, minutes: number): Promise<{ mutedUntil: number }> {
    return this.call('mute', { conversationId, openid, minutes });
  }
}

/** Uploads a chosen group avatar under the group's folder; resolves to its cloud file id. */
export function uploadGroupAvatar(cloud: CloudService, conversationId: string, tempFilePath: string, now = Date.now()): Promise<string> {
  const ext = /\.(png|jpe?g|webp|gif)$/i.exec(tempFilePath)?.[1]?.toLowerCase() ?? 'jpg';
  return cloud.uploadFile(`groups/${conversationId}/avatar-${now}.${ext}`, tempFilePath);
}
