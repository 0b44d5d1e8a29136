// "Read by k": who has read a message, for the list shown when a group message's count is tapped.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { readers } from '../../domain/contracts/messaging';
import { readersOf } from '../../domain/server/receipts';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(readers, cloud, (request, { caller }) => readersOf(db, caller.openid, request.conversationId, request.seq, request.cursor));
