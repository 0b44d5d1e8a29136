// Batched "delivered/read up to seq" for the caller's memberships.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { receipts } from '../../domain/contracts/messaging';
import { applyReceipts } from '../../domain/server/receipts';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(receipts, cloud, (request, { caller }) => applyReceipts(db, caller.openid, request.updates));
