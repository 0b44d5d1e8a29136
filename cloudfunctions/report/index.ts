// Reports: any user reports a message or a user; global admins resolve and apply reports in the app
// (the console path is editing the report document, which the `safety` timer applies).
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { report } from '../../domain/contracts/safety';
import { assertGlobalAdmin } from '../../domain/server/safety/bans';
import { sdkPlatform } from '../../domain/server/safety/platform';
import { applyReport, fileReport, resolveReport } from '../../domain/server/safety/reports';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(report, cloud, async (req, { caller }) => {
  switch (req.action) {
    case 'reportMessage':
      return fileReport(db, caller.openid, { type: 'message', messageId: req.messageId }, req.reason, req.note);
    case 'reportUser':
      return fileReport(db, caller.openid, { type: 'user', userId: req.userId, conversationId: req.conversationId }, req.reason, req.note);
    case 'resolve':
      await assertGlobalAdmin(db, caller.openid);
      await resolveReport(db, caller.openid, req.reportId, req.resolution, { muteMinutes: req.muteMinutes, banScope: req.banScope, note: req.note });
      return applyReport(db, sdkPlatform(), req.reportId);
    case 'apply':
      await assertGlobalAdmin(db, caller.openid);
      return applyReport(db, sdkPlatform(), req.reportId);
  }
});
