// Personal data: export (JSON file in storage, temporary URL) and account deletion.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { account } from '../../domain/contracts/safety';
import { deleteAccount, exportAccount } from '../../domain/server/safety/account';
import { sdkPlatform } from '../../domain/server/safety/platform';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(account, cloud, async (req, { caller }) => {
  if (req.action === 'export') return exportAccount(db, sdkPlatform(), caller.openid);
  return deleteAccount(db, sdkPlatform(), caller.openid, req.messages);
});
