// A group summary (directory, search, recommendations) as the card shows it: plain strings only.
import type { GroupSummaryWire } from '../../services/groups';
import { categoryLabel } from '../../services/groups';
import type { MessageKey } from '../../../domain/i18n/index';
import { tr } from '../../stores/locale';

export interface GroupCardView {
  id: string;
  name: string;
  description: string;
  avatarUrl: string;
  /** '12 人' / '12 members' */
  members: string;
  /** Category and tags, e.g. ['户外', '#hiking']. */
  labels: string[];
  /** Approval / invite only, in the reader's language; '' for open groups. */
  policy: string;
}

/**
 * The row before the page hands it its item: every field present, so the avatar and the labels list inside
 * never receive `undefined` (WeChat and glass-easel warn "type-incompatible value" for it).
 */
export const EMPTY_GROUP_CARD: GroupCardView = { id: '', name: '', description: '', avatarUrl: '', members: '', labels: [], policy: '' };

const POLICY: Record<string, MessageKey> = { approval: 'card_approval', invite: 'card_invite' };

export function toGroupCard(g: GroupSummaryWire): GroupCardView {
  const labels = [g.category ? categoryLabel(g.category) : '', ...(g.tags ?? []).slice(0, 3).map((t) => `#${t}`)].filter(Boolean);
  return {
    id: g.conversationId,
    name: g.name,
    description: g.description || g.lastPreview || '',
    avatarUrl: g.avatarUrl ?? '',
    members: tr('card_members', { n: g.memberCount ?? 0 }),
    labels,
    policy: POLICY[g.joinPolicy] ? tr(POLICY[g.joinPolicy]!) : '',
  };
}
