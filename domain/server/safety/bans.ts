// Global admins and global bans (database/global_admins.json, global_bans.json): documents the
// console edits, obeyed by deliver, login and the group functions.
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
