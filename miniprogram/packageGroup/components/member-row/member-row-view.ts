// A member as the list row shows it.
import type { MemberViewWire } from '../../../services/groups';
import { momentLabel } from '../../../utils/when';

export interface MemberRowView {
  openid: string;
  name: string;
  avatarUrl: string;
  /** '群主' / '管理员' / ''. */
  role: string;
  /** '禁言至 14:30' / ''. */
  muted: string;
  me: boolean;
}

/**
 * The row before the page hands it its item: every field present, so the avatar inside never
 * receives `undefined` (WeChat and glass-easel warn "type-incompatible value" for it).
 */
export const EMPTY_MEMBER_ROW: MemberRowView = { openid: '', name: '', avatarUrl: '', role: '', muted: '', me: false };

const ROLE: Record<string, string> = { owner: '群主', admin: '管理员', member: '' };

export function toMemberRow(m: MemberViewWire, myOpenid: string, now: number): MemberRowView {
  return {
    openid: m.openid,
    name: m.nickname || '群成员',
    avatarUrl: m.avatarUrl ?? '',
    role: ROLE[m.role] ?? '',
    muted: m.mutedUntil > now ? `禁言至 ${momentLabel(m.mutedUntil, now)}` : '',
    me: m.openid === myOpenid,
  };
}
