// The one button of a group's profile page, from where I stand and how the group takes members.
import type { Standing } from '../../../domain/permissions';
import type { JoinPolicy } from '../../../domain/contracts/groups-responses';
import type { MessageKey } from '../../../domain/i18n/index';
import { tr } from '../../stores/locale';

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
  const action = (kind: JoinActionKind, label: MessageKey, hint?: MessageKey): JoinAction => ({ kind, label: tr(label), hint: hint ? tr(hint) : '' });
  if (f.standing === 'owner' || f.standing === 'admin' || f.standing === 'member') return action('open', 'join_open');
  if (f.standing === 'banned') return action('none', 'join_cannot', 'join_bannedHint');
  if (f.invited) return action('join', 'join_accept');
  if (f.requested) return action('none', 'join_requested', 'join_requestedHint');
  if (f.joinPolicy === 'approval') return action('request', 'join_request', 'join_requestHint');
  if (f.joinPolicy === 'invite') return action('none', 'join_inviteOnly', 'join_inviteOnlyHint');
  return action('join', 'join_join');
}
