// A group summary (directory, search, recommendations) as the card shows it: plain strings only.
import type { GroupSummaryWire } from '../../services/groups';
import { categoryLabel } from '../../services/groups';

export interface GroupCardView {
  id: string;
  name: string;
  description: string;
  avatarUrl: string;
  /** '12 人' */
  members: string;
  /** Category and tags, e.g. ['户外', '#徒步']. */
  labels: string[];
  /** '需审核' / '仅邀请' / '' for open groups. */
  policy: string;
}

/**
 * The row before the page hands it its item: every field present, so the avatar and the labels list inside
 * never receive `undefined` (WeChat and glass-easel warn "type-incompatible value" for it).
 */
export const EMPTY_GROUP_CARD: GroupCardView = { id: '', name: '', description: '', avatarUrl: '', members: '', labels: [], policy: '' };

const POLICY: Record<string, string> = { open: '', approval: '需审核', invite: '仅邀请' };

export function toGroupCard(g: GroupSummaryWire): GroupCardView {
  const labels = [g.category ? categoryLabel(g.category) : '', ...(g.tags ?? []).slice(0, 3).map((t) => `#${t}`)].filter(Boolean);
  return {
    id: g.conversationId,
    name: g.name,
    description: g.description || g.lastPreview || '',
    avatarUrl: g.avatarUrl ?? '',
    members: `${g.memberCount ?? 0} 人`,
    labels,
    policy: POLICY[g.joinPolicy] ?? '',
  };
}
