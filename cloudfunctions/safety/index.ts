// Timer: applies reports an admin resolved by editing them in the console.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { timer } from '../../domain/contracts/safety';
import { sdkPlatform } from '../../domain/server/safety/platform';
import { applyResolvedReports } from '../../domain/server/safety/reports';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(timer, cloud, async () => ({ reports: await applyResolvedReports(db, sdkPlatform()) }), { allowAnonymous: true, triggersOnly: true });
