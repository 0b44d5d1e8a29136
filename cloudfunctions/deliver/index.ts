// The sender calls this right after writing its pending message (see domain/server/deliver.ts).
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { deliver } from '../../domain/contracts/messaging';
import { deliverMessage } from '../../domain/server/deliver';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(deliver, cloud, (request, { caller }) => deliverMessage(db, request.messageId, caller.openid));
