// The choices shared by creating a group and editing it: categories, join policies, slow mode,
// and how a typed tag line becomes the contract's tag list.
import { CATEGORY_LABELS } from '../services/groups';
import type { JoinPolicy } from '../../domain/contracts/groups-responses';

export const CATEGORY_OPTIONS = Object.entries(CATEGORY_LABELS).map(([id, name]) => ({ id, name }));

export const POLICY_OPTIONS: Array<{ id: JoinPolicy; name: string }> = [
  { id: 'open', name: '自由加入' },
  { id: 'approval', name: '需要审核' },
  { id: 'invite', name: '仅限邀请' },
];

export const SLOW_MODE_OPTIONS = [
  { seconds: 0, name: '关闭' },
  { seconds: 10, name: '10 秒' },
  { seconds: 30, name: '30 秒' },
  { seconds: 60, name: '1 分钟' },
  { seconds: 300, name: '5 分钟' },
  { seconds: 3600, name: '1 小时' },
];

const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 20;

/** '徒步, weekend  #hiking，徒步' -> ['徒步', 'weekend', 'hiking'] (unique, trimmed, within limits). */
export function parseTags(line: string): string[] {
  const tags = line
    .split(/[\s,，、#]+/)
    .map((t) => t.trim().slice(0, MAX_TAG_LENGTH))
    .filter(Boolean);
  return [...new Set(tags)].slice(0, MAX_TAGS);
}
