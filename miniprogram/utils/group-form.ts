// The choices shared by creating a group and editing it: categories, join policies, slow mode,
// and how a typed tag line becomes the contract's tag list.
import { categoryLabel } from '../services/groups';
import type { GROUP_CATEGORIES } from '../../domain/contracts/groups';
import type { MessageKey } from '../../domain/i18n/index';
import { tr } from '../stores/locale';
import type { JoinPolicy } from '../../domain/contracts/groups-responses';

/** `name` is read when shown (a getter), so an option list set into page data is in the current language. */
const named = <T extends object>(option: T, words: () => string): T & { readonly name: string } =>
  Object.defineProperty(option, 'name', { get: words, enumerable: true }) as T & { readonly name: string };

// every category of the contract, in its order (a type-only import: contracts reach ajv at run time)
const CATEGORIES: Record<(typeof GROUP_CATEGORIES)[number], true> = {
  outdoors: true,
  arts: true,
  books: true,
  games: true,
  tech: true,
  music: true,
  sports: true,
  food: true,
  travel: true,
  study: true,
  pets: true,
  local: true,
  other: true,
};

export const CATEGORY_OPTIONS = Object.keys(CATEGORIES).map((id) => named({ id }, () => categoryLabel(id)));

const policy = (id: JoinPolicy, key: MessageKey) => named({ id }, () => tr(key));
const slow = (seconds: number, key: MessageKey, n?: number) => named({ seconds }, () => tr(key, n === undefined ? undefined : { n }));

export const POLICY_OPTIONS: Array<{ id: JoinPolicy; readonly name: string }> = [policy('open', 'policy_open'), policy('approval', 'policy_approval'), policy('invite', 'policy_invite')];

export const SLOW_MODE_OPTIONS = [
  slow(0, 'common_off'),
  slow(10, 'common_seconds', 10),
  slow(30, 'common_seconds', 30),
  slow(60, 'common_minutes', 1),
  slow(300, 'common_minutes', 5),
  slow(3600, 'common_hours', 1),
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
