// Global admins and global bans (database/global_admins.json, global_bans.json): documents the
// console edits, obeyed by deliver, login and the group functions.
//
// The messages create rule cannot read global_bans (it already makes CloudBase's three get() calls),
// so a ban is mirrored into the mute the rule does read: every membership of the banned user gets
// mutedUntil = the ban's end, marked by banMutedUntil. Deliver mirrors again whenever it blocks a
// banned sender (so a ban set in the console takes hold at the first attempt), and login lifts the
// mirror once no ban is active. A group mute shorter than the ban ends with the ban's lifting.
import { AppError, AppErrorCode } from '../../errors';
import type { Database } from '../database';
import { findById } from '../database';

/** A permanent ban's `until`: year 9999, still a plain number the rules compare with `now`. */
export const FOREVER = 253402300799000;

export interface GlobalBan {
  _id: string;
  until: number;
  reason?: string;
}

export async function activeGlobalBan(db: Database, openid: string, now = Date.now()): Promise<GlobalBan | null> {
  const ban = await findById<GlobalBan>(db, 'global_bans', openid);
  return ban && ban.until > now ? ban : null;
}

/** Throws BANNED for a globally banned user; the group functions and login call it first. */
export async function assertNotGloballyBanned(db: Database, openid: string): Promise<void> {
  const ban = await activeGlobalBan(db, openid);
  if (ban) throw new AppError(AppErrorCode.BANNED, `banned from the app${ban.reason ? `: ${ban.reason}` : ''}`, { until: ban.until });
}

export async function isGlobalAdmin(db: Database, openid: string): Promise<boolean> {
  return (await findById(db, 'global_admins', openid)) !== null;
}

export async function assertGlobalAdmin(db: Database, openid: string): Promise<void> {
  if (!(await isGlobalAdmin(db, openid))) throw new AppError(AppErrorCode.FORBIDDEN, 'only global admins may do that');
}

/** Mutes every membership of `openid` until `until` (one update, however many groups). */
export async function mirrorBanToMemberships(db: Database, openid: string, until: number): Promise<void> {
  const _ = db.command;
  await db
    .collection('members')
    .where({ openid, mutedUntil: _.lt(until) })
    .update({ data: { mutedUntil: until, banMutedUntil: until, updatedAt: db.serverDate() } });
}

/** Ends the mirrored mute of a user who is no longer banned (called at login). */
export async function liftBanMirror(db: Database, openid: string): Promise<void> {
  const _ = db.command;
  await db
    .collection('members')
    .where({ openid, banMutedUntil: _.exists(true) })
    .update({ data: { mutedUntil: 0, banMutedUntil: _.remove(), updatedAt: db.serverDate() } });
}

/** What a group mute of `openid` may set: never less than an active ban's mirror. */
export async function muteRespectingBan(db: Database, openid: string, mutedUntil: number): Promise<number> {
  const ban = await activeGlobalBan(db, openid);
  return ban ? Math.max(ban.until, mutedUntil) : mutedUntil;
}
