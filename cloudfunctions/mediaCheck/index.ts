// Message push receiver for wxa_media_check (database/openapi/config.json messagePush): the verdict
// on a held image or voice message. Function invoke rules refuse mini program callers.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { mediaCheckEvent } from '../../domain/contracts/safety';
import { applyMediaVerdict } from '../../domain/server/safety/mediaVerdict';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(mediaCheckEvent, cloud, (event) => applyMediaVerdict(db, event), { allowAnonymous: true, triggersOnly: true });
