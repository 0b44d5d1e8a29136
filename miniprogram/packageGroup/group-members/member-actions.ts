// The action sheet for one member: exactly what the permission matrix (allowedOnMember) lets me
// do to them, in words, with a confirmation for what cannot be undone lightly. WeChat's sheet
// takes at most 6 items, so the mute durations open a second sheet.
import { allowedOnMember, type Standing } from '../../../domain/permissions';

export type MemberAction =
  { kind: 'profile'; label: string } | { kind: 'mute'; label: string } | { kind: 'call'; label: string; action: 'unmute' | 'promote' | 'demote' | 'transfer' | 'remove' | 'ban'; confirm?: string };

export const MUTE_DURATIONS = [
  { label: '10 分钟', minutes: 10 },
  { label: '1 小时', minutes: 60 },
  { label: '1 天', minutes: 24 * 60 },
];

export interface Target {
  openid: string;
  name: string;
  role: Standing;
  mutedUntil: number;
}

export function memberActions(actor: Standing, target: Target, myOpenid: string, now: number): MemberAction[] {
  const ops = allowedOnMember({ actor, target: target.role, targetIsSelf: target.openid === myOpenid });
  const actions: MemberAction[] = [{ kind: 'profile', label: '查看资料' }];
  if (ops.includes('mute')) {
    actions.push(target.mutedUntil > now ? { kind: 'call', label: '解除禁言', action: 'unmute' } : { kind: 'mute', label: '禁言…' });
  }
  if (ops.includes('promote')) actions.push({ kind: 'call', label: '设为管理员', action: 'promote' });
  if (ops.includes('demote')) actions.push({ kind: 'call', label: '取消管理员', action: 'demote' });
  if (ops.includes('transfer')) actions.push({ kind: 'call', label: '转让群主', action: 'transfer', confirm: `确定把群主转让给 ${target.name}？你将成为普通成员。` });
  if (ops.includes('remove')) actions.push({ kind: 'call', label: '移出群聊', action: 'remove', confirm: `确定把 ${target.name} 移出群聊？` });
  if (ops.includes('ban')) actions.push({ kind: 'call', label: '移出并拉黑', action: 'ban', confirm: `确定把 ${target.name} 移出并禁止再加入？` });
  return actions;
}
