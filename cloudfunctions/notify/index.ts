// Timer: subscribe-message notifications for members who are not in the app.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { timer } from '../../domain/contracts/safety';
import { runNotify } from '../../domain/server/safety/notify';
import { sdkPlatform } from '../../domain/server/safety/platform';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(timer, cloud, () => runNotify(db, sdkPlatform()), { allowAnonymous: true, triggersOnly: true });
