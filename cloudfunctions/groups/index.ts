// Every group operation (create, edit, join, invitations, requests, roles, mutes, bans, discovery):
// one function, one action per operation; see domain/server/groups/index.ts for the table.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { groups } from '../../domain/contracts/groups';
import { handleGroups } from '../../domain/server/groups';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(groups, cloud, (request, { caller }) => handleGroups(db, caller.openid, request));
