// The action sheet for one member: exactly what the permission matrix (allowedOnMember) lets me
// do to them, in words, with a confirmation for what cannot be undone lightly. WeChat's sheet
// takes at most 6 items, so the mute durations open a second sheet.
import { allowedOnMember, type Standing } from '../../../domain/permissions';
import type { MessageKey } from '../../../domain/i18n/index';
import { tr } from '../../stores/locale';

export type MemberAction =
  { kind: 'profile'; label: string } | { kind: 'mute'; label: string } | { kind: 'call'; label: string; action: 'unmute' | 'promote' | 'demote' | 'transfer' | 'remove' | 'ban'; confirm?: string };

const duration = (minutes: number, key: MessageKey, n: number) =>
  Object.defineProperty({ minutes }, 'label', { get: () => tr(key, { n }), enumerable: true }) as { minutes: number; readonly label: string };

/** `label` is read when shown, in the current language. */
export const MUTE_DURATIONS = [duration(10, 'common_minutes', 10), duration(60, 'common_hours', 1), duration(24 * 60, 'common_days', 1)];

export interface Target {
  openid: string;
  name: string;
  role: Standing;
  mutedUntil: number;
}

export function memberActions(actor: Standing, target: Target, myOpenid: string, now: number): MemberAction[] {
  const ops = allowedOnMember({ actor, target: target.role, targetIsSelf: target.openid === myOpenid });
  const actions: MemberAction[] = [{ kind: 'profile', label: tr('members_profile') }];
  if (ops.includes('mute')) {
    actions.push(target.mutedUntil > now ? { kind: 'call', label: tr('members_unmute'), action: 'unmute' } : { kind: 'mute', label: tr('members_mute') });
  }
  if (ops.includes('promote')) actions.push({ kind: 'call', label: tr('members_promote'), action: 'promote' });
  if (ops.includes('demote')) actions.push({ kind: 'call', label: tr('members_demote'), action: 'demote' });
  if (ops.includes('transfer')) actions.push({ kind: 'call', label: tr('members_transfer'), action: 'transfer', confirm: tr('members_transferConfirm', { name: target.name }) });
  if (ops.includes('remove')) actions.push({ kind: 'call', label: tr('members_remove'), action: 'remove', confirm: tr('members_removeConfirm', { name: target.name }) });
  if (ops.includes('ban')) actions.push({ kind: 'call', label: tr('members_ban'), action: 'ban', confirm: tr('members_banConfirm', { name: target.name }) });
  return actions;
}
