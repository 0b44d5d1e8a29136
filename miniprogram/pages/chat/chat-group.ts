// A group chat's live header and posting rule: the name, the pinned announcement, the member count, and
// whether I may post now (muted until a time, or the whole group muted for members), read from
// the documents the engine's inbox watches keep live (my member doc, the conversation doc). A
// timed mute lifts itself: a timer re-evaluates when it ends.
import { autorun } from 'mobx-miniprogram';
import { departureOf, type Departure } from '../../stores/conversations';
import { speakState, type SpeakGroup, type SpeakMember } from '../../utils/group-speak';
import { tr } from '../../stores/locale';

export interface GroupHeader {
  /** The group's name, for the navigation bar ('' until the inbox has the group's doc). */
  name: string;
  announcement: string;
  memberLine: string;
  /** '' when I may post; else the reason shown in place of the input. */
  speakBlocked: string;
  /** Set once the group is no longer mine (removed, dissolved): the page then closes the room. */
  departed: '' | Departure;
}

/** The fields the groups feature adds to the engine's documents. */
type GroupDoc = SpeakGroup & { name?: string; announcement?: string; memberCount?: number };

export function watchGroup(store: Parameters<typeof departureOf>[0], conversationId: string, apply: (h: GroupHeader) => void, now = () => Date.now()): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';
  const evaluate = () => {
    const member = store.members?.[conversationId] as SpeakMember | undefined;
    const group = store.conversations?.[conversationId] as GroupDoc | undefined;
    const departed = departureOf(store, conversationId) ?? '';
    const speak = departed ? { reason: tr(departed === 'removed' ? 'departed_removed' : 'departed_dissolved'), until: 0 } : speakState(member, group, now());
    const header: GroupHeader = {
      name: group?.name ?? '',
      announcement: departed ? '' : (group?.announcement ?? ''),
      memberLine: group?.memberCount && !departed ? tr('chat_memberCount', { n: group.memberCount }) : '',
      speakBlocked: speak.reason,
      departed,
    };
    if (timer) clearTimeout(timer);
    timer = speak.until ? setTimeout(evaluate, Math.min(speak.until - now() + 50, 2 ** 31 - 1)) : null;
    const key = JSON.stringify(header);
    if (key !== last) {
      last = key;
      apply(header);
    }
  };
  const stop = autorun(evaluate);
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}
