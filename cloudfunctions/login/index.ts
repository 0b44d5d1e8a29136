// First launch: creates the caller's user document and inbox, or returns the existing profile.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { login } from '../../domain/contracts/messaging';
import { ensureUser } from '../../domain/server/users';
import { assertNotGloballyBanned, liftBanMirror } from '../../domain/server/safety/bans';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(login, cloud, async (_request, { caller }) => {
  // A globally banned user gets BANNED with the ban's end (details.until) instead of a session.
  await assertNotGloballyBanned(db, caller.openid);
  await liftBanMirror(db, caller.openid);
  return ensureUser(db, caller.openid);
});
