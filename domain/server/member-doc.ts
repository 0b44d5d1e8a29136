// The one builder of a new member document (database/members.json): joins, group creation and
// direct chats in the functions, and the seeds, benchmarks and test fixtures that write members
// straight into the database. Here listKey and nicknameKey are set together with the rest, so no
// writer can forget them (a member without them is missing from member pages and nickname search
// until the memberKeys job fills it).
import type { Role } from '../permissions';
import { listKey, nicknameKey } from './groups/member-keys';

export interface NewMember {
  conversationId: string;
  openid: string;
  role: Role;
  /** The person's nickname now (users.nickname); profile edits keep nicknameKey in step afterwards. */
  nickname: string;
  /** The conversation's seq at joining: read, delivered and joined up to it (history floor). */
  seq: number;
  /** Join time in ms, the listKey's order among members of one role. */
  joinedMs: number;
}

/**
 * Every field but _id (doc(id).set() takes the id from doc(), and the SDK refuses data carrying
 * _id; admin inserts add it). `joinedAt` and `updatedAt` are whatever the writer stores as a date:
 * db.serverDate() in a function, a Date in a seed.
 */
export function memberDoc<D>(m: NewMember, joinedAt: D, updatedAt: D = joinedAt) {
  return {
    conversationId: m.conversationId,
    openid: m.openid,
    role: m.role,
    listKey: listKey(m.role, m.joinedMs, m.openid),
    nicknameKey: nicknameKey(m.nickname, m.openid),
    lastReadSeq: m.seq,
    lastDeliveredSeq: m.seq,
    joinedSeq: m.seq,
    mutedUntil: 0,
    notify: 'all' as const,
    pinned: false,
    muted: false,
    joinedAt,
    updatedAt,
  };
}
