// What the settings page shows, decided in plain code from the group's preview, my notification
// choice and the permission matrix (allowedOperations): the page only binds it.
import { allowedOperations, decide, type GroupOperation } from '../../../domain/permissions';
import type { Notify } from '../../../domain/contracts/groups-responses';
import type { GroupPreviewWire } from '../../services/groups';
import { categoryLabel } from '../../services/groups';
import { CATEGORY_OPTIONS, POLICY_OPTIONS, SLOW_MODE_OPTIONS } from '../../utils/group-form';
import type { MessageKey } from '../../../domain/i18n/index';
import { tr } from '../../stores/locale';

const notifyOption = (id: Notify, key: MessageKey) => Object.defineProperty({ id }, 'name', { get: () => tr(key), enumerable: true }) as { id: Notify; readonly name: string };

/** `name` is read when shown, in the current language (as utils/group-form.ts's options). */
export const NOTIFY_OPTIONS: Array<{ id: Notify; readonly name: string }> = [
  notifyOption('all', 'settings_notifyAll'),
  notifyOption('mentions', 'settings_notifyMentions'),
  notifyOption('none', 'settings_notifyNone'),
];

export interface SettingsView {
  conversationId: string;
  name: string;
  avatarUrl: string;
  description: string;
  memberCount: number;
  /** '4 位成员 · 公开群' */
  facts: string;
  categoryLabel: string;
  categoryIndex: number;
  tagsLabel: string;
  isPublic: boolean;
  policyIndex: number;
  announcement: string;
  settings: { membersMayInvite: boolean; historyForNewMembers: boolean; fileSharing: boolean; muteAll: boolean };
  slowModeIndex: number;
  slowModeLabel: string;
  notifyIndex: number;
  /** One flag per operation I may perform now: `can.edit`, `can.invite`... */
  can: Partial<Record<GroupOperation, boolean>>;
  isOwner: boolean;
}

function indexOf<T>(list: readonly T[], match: (item: T) => boolean): number {
  return Math.max(0, list.findIndex(match));
}

export function settingsView(p: GroupPreviewWire, notify: Notify, mutedUntil: number, now: number): SettingsView {
  const g = p.group;
  const s = g.settings;
  const can: SettingsView['can'] = {};
  for (const op of allowedOperations({ actor: p.standing, settings: s, mutedUntil, now })) can[op] = true;
  // transfer acts on a member, so allowedOperations leaves it out; the entry leads to picking one
  if (g.memberCount > 1 && decide('transfer', { actor: p.standing, target: 'member' }).allowed) can.transfer = true;
  const slow = SLOW_MODE_OPTIONS.findIndex((o) => o.seconds === s.slowModeSeconds);
  return {
    conversationId: g.conversationId,
    name: g.name,
    avatarUrl: g.avatarUrl,
    description: g.description,
    memberCount: g.memberCount,
    facts: tr('settings_facts', { n: g.memberCount, kind: tr(g.visibility === 'public' ? 'join_public' : 'join_private') }),
    categoryLabel: g.category ? categoryLabel(g.category) : tr('category_none'),
    categoryIndex: indexOf(CATEGORY_OPTIONS, (o) => o.id === g.category),
    tagsLabel: (g.tags ?? []).map((t) => `#${t}`).join(' '),
    isPublic: g.visibility === 'public',
    policyIndex: indexOf(POLICY_OPTIONS, (o) => o.id === g.joinPolicy),
    announcement: g.announcement,
    settings: { membersMayInvite: s.membersMayInvite, historyForNewMembers: s.historyForNewMembers, fileSharing: s.fileSharing, muteAll: s.muteAll },
    slowModeIndex: Math.max(0, slow),
    // a value set elsewhere (not one of the picker's) still shows as it is
    slowModeLabel: slow >= 0 ? SLOW_MODE_OPTIONS[slow].name : tr('common_seconds', { n: s.slowModeSeconds }),
    notifyIndex: indexOf(NOTIFY_OPTIONS, (o) => o.id === notify),
    can,
    isOwner: p.standing === 'owner',
  };
}
