// The one button of a group's profile page, from where I stand and how the group takes members.
import type { Standing } from '../../../domain/permissions';
import type { JoinPolicy } from '../../../domain/contracts/groups-responses';

export type JoinActionKind = 'open' | 'join' | 'request' | 'none';

export interface JoinAction {
  kind: JoinActionKind;
  label: string;
  /** A line under the button explaining a refusal or what happens next. */
  hint: string;
}

export interface JoinFacts {
  standing: Standing;
  joinPolicy: JoinPolicy;
  /** A request of mine is waiting for an admin. */
  requested: boolean;
  /** I arrived with a share token or a code. */
  invited: boolean;
}

export function joinAction(f: JoinFacts): JoinAction {
  if (f.standing === 'owner' || f.standing === 'admin' || f.standing === 'member') return { kind: 'open', label: '进入群聊', hint: '' };
  if (f.standing === 'banned') return { kind: 'none', label: '无法加入', hint: '你已被禁止加入此群' };
  if (f.invited) return { kind: 'join', label: '接受邀请并加入', hint: '' };
  if (f.requested) return { kind: 'none', label: '已申请，等待审核', hint: '群主或管理员同意后，你会出现在消息列表里' };
  if (f.joinPolicy === 'approval') return { kind: 'request', label: '申请加入', hint: '加入需要群主或管理员同意' };
  if (f.joinPolicy === 'invite') return { kind: 'none', label: '仅限邀请加入', hint: '向群成员索要邀请链接或邀请码' };
  return { kind: 'join', label: '加入群聊', hint: '' };
}
