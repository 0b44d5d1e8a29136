// Timer: delivers messages left pending (the client died between its write and its deliver call).
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { sweep } from '../../domain/contracts/messaging';
import { sweepPending } from '../../domain/server/sweep';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(sweep, cloud, () => sweepPending(db), { allowAnonymous: true, triggersOnly: true });
