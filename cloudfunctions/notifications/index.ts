// Subscribe consents (called right after wx.requestSubscribeMessage) and notification preferences.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { notifications } from '../../domain/contracts/safety';
import { notifyConfig } from '../../domain/server/safety/config';
import { recordConsents, type ConsentResult } from '../../domain/server/safety/consent';
import { notificationSettings, updateNotificationSettings } from '../../domain/server/safety/preferences';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(notifications, cloud, async (req, { caller }) => {
  switch (req.action) {
    case 'recordConsent': {
      const { templates } = await notifyConfig(db);
      const known = Object.values(templates).map((t) => t!.templateId);
      return { credits: await recordConsents(db, caller.openid, req.results as Record<string, ConsentResult>, known) };
    }
    case 'getSettings':
      return notificationSettings(db, caller.openid);
    case 'setSettings':
      return updateNotificationSettings(db, caller.openid, { enabled: req.enabled, quietHours: req.quietHours });
  }
});
