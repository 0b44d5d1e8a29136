// May I post in this group right now, and if not, why (in words) and until when? Read from my own
// member document and the group's document, both kept live by the engine's watches, through the
// same permission matrix the server enforces (domain/permissions.ts).
import { decide, type Standing } from '../../domain/permissions';
import { momentLabel } from './when';
import { tr } from '../stores/locale';

export interface SpeakMember {
  role?: string;
  mutedUntil?: number;
}

export interface SpeakGroup {
  settings?: { muteAll?: boolean };
}

export interface SpeakState {
  /** '' when posting is allowed; else the line shown in place of the input. */
  reason: string;
  /** When the reason lapses by itself (a timed mute), epoch ms; 0 when it does not. */
  until: number;
}

const OPEN: SpeakState = { reason: '', until: 0 };

export function speakState(member: SpeakMember | undefined, group: SpeakGroup | undefined, now: number): SpeakState {
  const role = member?.role;
  if (role !== 'owner' && role !== 'admin' && role !== 'member') return OPEN; // not known yet: the server decides
  const actor: Standing = role;
  const mutedUntil = Number(member?.mutedUntil ?? 0) || 0;
  const decision = decide('post', { actor, mutedUntil, now, settings: { muteAll: Boolean(group?.settings?.muteAll) } });
  if (decision.allowed || decision.code !== 'MUTED') return OPEN;
  if (mutedUntil > now) return { reason: tr('chat_mutedUntil', { time: momentLabel(mutedUntil, now) }), until: mutedUntil };
  return { reason: tr('chat_mutedAll'), until: 0 };
}
