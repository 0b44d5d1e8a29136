// The line a system message shows, rendered from its event code and parameters (messages.system,
// domain/messages.ts) in the reader's language, with names looked up at render time: a rename
// shows in old lines too, and a deleted account reads as "已注销用户". Shared by the phone (the chat)
// and the groups function, which stores the zh-CN line in content.text for readers that know no
// code (old clients, the console).
import type { SystemInfo } from '../messages';
import { format, type Lang, type MessageKey } from './index';

const SETTING_KEYS: Record<string, (v: unknown) => [MessageKey, Record<string, string | number>?]> = {
  membersMayInvite: (v) => [v ? 'setting_membersMayInviteOn' : 'setting_membersMayInviteOff'],
  historyForNewMembers: (v) => [v ? 'setting_historyOn' : 'setting_historyOff'],
  fileSharing: (v) => [v ? 'setting_filesOn' : 'setting_filesOff'],
  slowModeSeconds: (v) => (v ? ['setting_slowModeOn', { n: Number(v) }] : ['setting_slowModeOff']),
  visibility: (v) => [v === 'public' ? 'setting_public' : 'setting_private'],
  joinPolicy: (v) => [v === 'open' ? 'setting_joinOpen' : v === 'approval' ? 'setting_joinApproval' : 'setting_joinInvite'],
  retentionDays: (v) => (v ? ['setting_retentionOn', { n: Number(v) }] : ['setting_retentionOff']),
};

const FIELD_KEYS: Record<string, MessageKey> = {
  name: 'field_name',
  description: 'field_description',
  avatarUrl: 'field_avatarUrl',
  category: 'field_category',
  tags: 'field_tags',
};

export function settingsLine(lang: Lang, changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([k, v]) => {
      const words = SETTING_KEYS[k]?.(v);
      return words ? format(lang, words[0], words[1]) : k;
    })
    .join(format(lang, 'system_changesSeparator'));
}

/** A person's name at render time ('' when unknown: the caller's fallback applies). */
export type NameOf = (openid: string) => string;

/** The system line, or undefined for an event this build does not know (show content.text). */
export function systemLine(lang: Lang, info: Pick<SystemInfo, 'event' | 'actorId' | 'targetId' | 'details'>, nameOf: NameOf): string | undefined {
  const actor = nameOf(info.actorId);
  const target = info.targetId ? nameOf(info.targetId) : '';
  const details = info.details ?? {};
  const p = { actor, target };
  switch (info.event) {
    case 'created':
    case 'joined':
    case 'left':
    case 'removed':
    case 'banned':
    case 'promoted':
    case 'demoted':
    case 'ownerTransferred':
    case 'dissolved':
      return format(lang, `system_${info.event}`, p);
    case 'edited': {
      const fields = Object.keys(details).map((k) => (FIELD_KEYS[k] ? format(lang, FIELD_KEYS[k]) : k));
      return format(lang, 'system_edited', { actor, fields: fields.join(format(lang, 'system_fieldsSeparator')) || format(lang, 'field_profile') });
    }
    case 'settingsChanged':
      return format(lang, 'system_settingsChanged', { actor, changes: settingsLine(lang, details) });
    case 'announcement':
      return format(lang, details.text ? 'system_announcement' : 'system_announcementCleared', p);
    case 'muteAll':
      return format(lang, details.on ? 'system_muteAllOn' : 'system_muteAllOff', p);
    default:
      return undefined;
  }
}
