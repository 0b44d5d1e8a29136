// Temp URLs for a conversation's files, for its members (domain/server/media.ts says why a
// function and not the storage rules).
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { media } from '../../domain/contracts/messaging';
import { mediaUrls } from '../../domain/server/media';
import { sdkPlatform } from '../../domain/server/safety/platform';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(media, cloud, async (request, { caller }) => ({ files: await mediaUrls(db, sdkPlatform(), caller.openid, request.fileIds) }));
