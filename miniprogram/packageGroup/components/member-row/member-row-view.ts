// A member as the list row shows it.
import type { MemberViewWire } from '../../../services/groups';
import { momentLabel } from '../../../utils/when';
import type { MessageKey } from '../../../../domain/i18n/index';
import { tr } from '../../../stores/locale';
import { nameText } from '../../../utils/profiles';

export interface MemberRowView {
  openid: string;
  name: string;
  avatarUrl: string;
  /** Owner / admin in the reader's language; '' for members. */
  role: string;
  isOwner: boolean;
  /** '禁言至 14:30' / ''. */
  muted: string;
  me: boolean;
}

/**
 * The row before the page hands it its item: every field present, so the avatar inside never
 * receives `undefined` (WeChat and glass-easel warn "type-incompatible value" for it).
 */
export const EMPTY_MEMBER_ROW: MemberRowView = { openid: '', name: '', avatarUrl: '', role: '', isOwner: false, muted: '', me: false };

const ROLE: Record<string, MessageKey> = { owner: 'members_owner', admin: 'members_admin' };

export function toMemberRow(m: MemberViewWire, myOpenid: string, now: number): MemberRowView {
  return {
    openid: m.openid,
    name: nameText(m.openid, m.nickname),
    avatarUrl: m.avatarUrl ?? '',
    role: ROLE[m.role] ? tr(ROLE[m.role]!) : '',
    isOwner: m.role === 'owner',
    muted: m.mutedUntil > now ? tr('members_mutedUntil', { time: momentLabel(m.mutedUntil, now) }) : '',
    me: m.openid === myOpenid,
  };
}
