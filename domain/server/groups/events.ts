// The readable line of each system message. Clients may render `system.event` their own way (and
// in their own language); this line is what the conversation list and older clients show.
import type { SystemEventKind } from '../../messages';
import type { SystemEvent } from '../deliver';

const SETTING_WORDS: Record<string, (v: unknown) => string> = {
  membersMayInvite: (v) => `members ${v ? 'may' : 'may not'} invite`,
  historyForNewMembers: (v) => `new members ${v ? 'see' : 'do not see'} earlier messages`,
  fileSharing: (v) => `file sharing ${v ? 'on' : 'off'}`,
  slowModeSeconds: (v) => (v ? `slow mode ${String(v)} s` : 'slow mode off'),
  visibility: (v) => `now ${String(v)}`,
  joinPolicy: (v) => `joining ${v === 'open' ? 'open to all' : v === 'approval' ? 'by approval' : 'by invitation only'}`,
};

export function describeSettings(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([k, v]) => SETTING_WORDS[k]?.(v) ?? k)
    .join(', ');
}

export function systemEvent(
  event: SystemEventKind,
  names: Map<string, string>,
  actorId: string,
  targetId?: string,
  details?: Record<string, unknown>,
): SystemEvent {
  const actor = names.get(actorId) ?? actorId;
  const target = targetId ? (names.get(targetId) ?? targetId) : '';
  const text: Record<SystemEventKind, string> = {
    created: `${actor} created the group`,
    joined: `${actor} joined`,
    left: `${actor} left`,
    removed: `${actor} removed ${target}`,
    banned: `${actor} banned ${target}`,
    promoted: `${actor} made ${target} an admin`,
    demoted: `${actor} made ${target} a member`,
    ownerTransferred: `${actor} made ${target} the owner`,
    edited: `${actor} edited the group's ${Object.keys(details ?? {}).join(', ') || 'profile'}`,
    settingsChanged: `${actor} changed the settings: ${describeSettings(details ?? {})}`,
    announcement: details?.text ? `${actor} pinned an announcement` : `${actor} removed the announcement`,
    muteAll: details?.on ? `${actor} muted everyone but admins` : `${actor} unmuted everyone`,
    dissolved: `${actor} dissolved the group`,
  };
  return { event, actorId, ...(targetId ? { targetId } : {}), text: text[event], ...(details ? { details } : {}) };
}
