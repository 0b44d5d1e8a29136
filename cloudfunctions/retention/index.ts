// Timer: per-group message retention.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { timer } from '../../domain/contracts/safety';
import { sdkPlatform } from '../../domain/server/safety/platform';
import { applyRetention } from '../../domain/server/safety/retention';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(timer, cloud, () => applyRetention(db, sdkPlatform()), { allowAnonymous: true, triggersOnly: true });
