// Profile edits (nickname, avatar from WeChat's avatar button, bio, status, interests), validated.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { updateProfile } from '../../domain/contracts/messaging';
import { updateProfile as applyProfile } from '../../domain/server/users';
import { assertNotGloballyBanned } from '../../domain/server/safety/bans';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

// A globally banned user cannot change the name and avatar others see.
export const main = defineFunction(updateProfile, cloud, async (changes, { caller }) => {
  await assertNotGloballyBanned(db, caller.openid);
  return applyProfile(db, caller.openid, changes);
});
