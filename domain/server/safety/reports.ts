// Reports: a user reports a message or a user; admins resolve a report by editing its document in the
// console (resolution + status 'resolved') or through the report function; applyReport carries the
// resolution out once (claimed by a conditional update of appliedAt), logs it and tells the reporter
// in the app and, when they consented, by subscribe message.
import { AppError, AppErrorCode } from '../../errors';
import { memberId, newClientId } from '../../ids';
import { MessageDoc, previewOf } from '../../messages';
import type { Database } from '../database';
import { findById, rows } from '../database';
import { insertIfAbsent, languageOfUser } from '../users';
import { audit } from './audit';
import { FOREVER, mirrorBanToMemberships, muteRespectingBan } from './bans';
import { fill, notifyConfig, wordingFor } from './config';
import { sendWithCredit } from './consent';
import { tellUser } from './inbox';
import type { Platform } from './platform';
import { hideMessage, releaseHeld } from './release';

export type ReportReason = 'spam' | 'abuse' | 'sexual' | 'violence' | 'fraud' | 'illegal' | 'other';
export type Resolution = 'dismiss' | 'approve' | 'hide_message' | 'mute' | 'ban';

export interface ReportDoc {
  _id: string;
  source: 'user' | 'moderation';
  reporterId?: string;
  target: { type: 'message' | 'user'; messageId?: string; userId: string; conversationId?: string; preview?: string };
  reason: string;
  status: 'open' | 'resolved';
  resolution?: Resolution;
  muteMinutes?: number;
  banScope?: 'global' | 'group';
  resolvedBy?: string;
  appliedAt?: Date;
}

export type ReportTarget = { type: 'message'; messageId: string } | { type: 'user'; userId: string; conversationId?: string };

async function canRead(db: Database, message: MessageDoc, openid: string): Promise<boolean> {
  if (message.status !== 'visible' || !message.seq) return false;
  const [member, conversation] = await Promise.all([
    findById<{ joinedSeq?: number }>(db, 'members', memberId(message.conversationId, openid)),
    findById<{ settings?: { historyForNewMembers?: boolean } }>(db, 'conversations', message.conversationId),
  ]);
  if (!member || !conversation) return false;
  return conversation.settings?.historyForNewMembers !== false || message.seq > (member.joinedSeq ?? 0);
}

/** One report per reporter and target: reporting twice finds the first report. */
export async function fileReport(db: Database, reporterId: string, target: ReportTarget, reason: ReportReason, note?: string): Promise<{ reportId: string; created: boolean }> {
  let stored: ReportDoc['target'];
  if (target.type === 'message') {
    const message = await findById<MessageDoc>(db, 'messages', target.messageId);
    // Only what the reporter could read (the messages read rule): a published message of a
    // conversation they belong to, after their joinedSeq where history is hidden from newcomers.
    // Anything else answers as if it did not exist: the report stores the text and the reporter
    // reads their report, so held, blocked or hidden text must not get this far.
    if (!message || !(await canRead(db, message, reporterId))) throw new AppError(AppErrorCode.NOT_FOUND, 'no such message');
    if (message._openid === reporterId) throw new AppError(AppErrorCode.INVALID_INPUT, 'you cannot report your own message');
    stored = { type: 'message', messageId: message._id, userId: message._openid, conversationId: message.conversationId, preview: previewOf(message.type, message.content).slice(0, 120) };
  } else {
    if (target.userId === reporterId) throw new AppError(AppErrorCode.INVALID_INPUT, 'you cannot report yourself');
    if (!(await findById(db, 'users', target.userId))) throw new AppError(AppErrorCode.NOT_FOUND, 'no such user');
    if (target.conversationId && !(await findById(db, 'members', memberId(target.conversationId, reporterId)))) throw new AppError(AppErrorCode.NOT_MEMBER, 'you are not in that conversation');
    stored = { type: 'user', userId: target.userId, ...(target.conversationId ? { conversationId: target.conversationId } : {}) };
  }
  // Ids carry no openid (they outlive an account deletion); the same reporter and target find
  // their first report instead of filing another.
  const [existing] = rows<{ _id: string }>(
    await db
      .collection('reports')
      .where({ reporterId, 'target.type': stored.type, [stored.messageId ? 'target.messageId' : 'target.userId']: stored.messageId ?? stored.userId })
      .limit(1)
      .field({ _id: true })
      .get(),
  );
  if (existing) return { reportId: existing._id, created: false };
  const reportId = `rp_${newClientId()}`;
  const doc: { _id: string } & Record<string, unknown> = { _id: reportId, source: 'user', reporterId, target: stored, reason, status: 'open', createdAt: db.serverDate(), updatedAt: db.serverDate() };
  if (note) doc.note = note;
  const created = await insertIfAbsent(db, 'reports', doc);
  if (created)
    await audit(db, {
      action: 'report.filed',
      actorId: reporterId,
      targetType: stored.type,
      targetId: stored.messageId ?? stored.userId,
      conversationId: stored.conversationId,
      reason,
      details: { reportId },
    });
  return { reportId, created };
}

/** The in-app path of the console edit: a global admin sets the resolution; the timer or `apply` carries it out. */
export async function resolveReport(
  db: Database,
  adminId: string,
  reportId: string,
  resolution: Resolution,
  extra: { muteMinutes?: number; banScope?: 'global' | 'group'; note?: string },
): Promise<void> {
  const data: Record<string, unknown> = { status: 'resolved', resolution, resolvedBy: adminId, updatedAt: db.serverDate() };
  if (extra.muteMinutes) data.muteMinutes = extra.muteMinutes;
  if (extra.banScope) data.banScope = extra.banScope;
  if (extra.note) data.resolutionNote = extra.note;
  const { stats } = (await db
    .collection('reports')
    .where({ _id: reportId, appliedAt: db.command.exists(false) })
    .update({ data })) as { stats: { updated: number } };
  if (stats.updated !== 1) throw new AppError((await findById(db, 'reports', reportId)) ? AppErrorCode.CONFLICT : AppErrorCode.NOT_FOUND, `report ${reportId} is missing or already applied`);
}

async function carryOut(db: Database, report: ReportDoc, actor: string): Promise<string> {
  const { target } = report;
  const messageId = target.messageId;
  switch (report.resolution) {
    case 'dismiss':
      // Dismissing a moderation hold means the message was fine: publish it.
      if (report.source === 'moderation' && messageId) return `message ${(await releaseHeld(db, messageId, actor)).status}`;
      return 'dismissed';
    case 'approve':
      if (!messageId) throw new Error('approve needs a message');
      return `message ${(await releaseHeld(db, messageId, actor)).status}`;
    case 'hide_message':
      if (!messageId) throw new Error('hide_message needs a message');
      return `message ${(await hideMessage(db, messageId, actor, 'removed by a moderator')).status}`;
    case 'mute': {
      if (!target.conversationId) throw new Error('mute needs a conversation');
      const until = await muteRespectingBan(db, target.userId, Date.now() + (report.muteMinutes ?? 1440) * 60_000);
      const { stats } = (await db
        .collection('members')
        .where({ _id: memberId(target.conversationId, target.userId) })
        .update({ data: { mutedUntil: until, updatedAt: db.serverDate() } })) as { stats: { updated: number } };
      if (messageId) await hideMessage(db, messageId, actor, 'removed by a moderator');
      await audit(db, { action: 'member.muted', actorId: actor, targetType: 'member', targetId: target.userId, conversationId: target.conversationId, details: { until, reportId: report._id } });
      return stats.updated ? `muted until ${new Date(until).toISOString()}` : 'not a member any more';
    }
    case 'ban': {
      if (messageId) await hideMessage(db, messageId, actor, 'removed by a moderator');
      if (report.banScope === 'group') {
        if (!target.conversationId) throw new Error('a group ban needs a conversation');
        // The groups function owns bans and removal; until it offers a server-side entry, a group
        // ban by report is a mute without end.
        await db
          .collection('members')
          .where({ _id: memberId(target.conversationId, target.userId) })
          .update({ data: { mutedUntil: FOREVER, updatedAt: db.serverDate() } });
        await audit(db, {
          action: 'member.muted',
          actorId: actor,
          targetType: 'member',
          targetId: target.userId,
          conversationId: target.conversationId,
          details: { until: FOREVER, reportId: report._id },
        });
        return 'muted in the group for good';
      }
      await db
        .collection('global_bans')
        .doc(target.userId)
        .set({ data: { until: FOREVER, reason: `report ${report._id}: ${report.reason}`.slice(0, 200), bannedBy: actor, reportId: report._id, createdAt: db.serverDate() } });
      await mirrorBanToMemberships(db, target.userId, FOREVER);
      await audit(db, { action: 'user.banned', actorId: actor, targetType: 'user', targetId: target.userId, details: { scope: 'global', reportId: report._id } });
      return 'banned from the app';
    }
    default:
      throw new Error(`unknown resolution ${String(report.resolution)}`);
  }
}

async function tellReporter(db: Database, platform: Platform, report: ReportDoc): Promise<void> {
  if (report.source !== 'user' || !report.reporterId) return;
  const config = await notifyConfig(db);
  const words = wordingFor(config, await languageOfUser(db, report.reporterId));
  const body = report.resolution === 'dismiss' ? words.reportDismissed! : words.reportActioned!;
  await tellUser(db, report.reporterId, { kind: 'report_resolved', title: words.reportTitle!, body, ...(report.resolution ? { code: report.resolution } : {}), reportId: report._id });
  const template = config.templates.reportResolved;
  if (!template) return;
  const values = { title: words.reportTitle!, summary: body };
  const data: Record<string, { value: string }> = {};
  for (const [key, text] of Object.entries(template.data)) data[key] = { value: [...fill(text, values)].slice(0, 20).join('') };
  await sendWithCredit(db, platform, { touser: report.reporterId, templateId: template.templateId, page: template.page, data });
}

export type ApplyOutcome = { reportId: string; applied: boolean; result?: string; error?: string };

/** Applies a resolved report once; a second call (timer and console racing) finds it claimed. */
export async function applyReport(db: Database, platform: Platform, reportId: string): Promise<ApplyOutcome> {
  const _ = db.command;
  const { stats } = (await db
    .collection('reports')
    .where({ _id: reportId, status: 'resolved', appliedAt: _.exists(false) })
    .update({ data: { appliedAt: db.serverDate() } })) as { stats: { updated: number } };
  if (stats.updated !== 1) return { reportId, applied: false };
  const report = (await findById<ReportDoc>(db, 'reports', reportId))!;
  const actor = report.resolvedBy ?? 'console';
  try {
    const result = await carryOut(db, report, actor);
    await audit(db, {
      action: 'report.applied',
      actorId: actor,
      targetType: 'report',
      targetId: reportId,
      conversationId: report.target.conversationId,
      details: { resolution: report.resolution, result },
    });
    await tellReporter(db, platform, report);
    return { reportId, applied: true, result };
  } catch (err) {
    // Give it back to the next run, with the reason visible in the console.
    const error = String((err as Error)?.message ?? err).slice(0, 500);
    await db
      .collection('reports')
      .doc(reportId)
      .update({ data: { appliedAt: _.remove(), applyError: error } });
    return { reportId, applied: false, error };
  }
}

const BATCH = 50;

/** The timer's half of the console path: every resolved, unapplied report. */
export async function applyResolvedReports(db: Database, platform: Platform): Promise<ApplyOutcome[]> {
  const pending = rows<{ _id: string }>(
    await db
      .collection('reports')
      .where({ status: 'resolved', appliedAt: db.command.exists(false) })
      .limit(BATCH)
      .field({ _id: true })
      .get(),
  );
  const outcomes: ApplyOutcome[] = [];
  for (const { _id } of pending) outcomes.push(await applyReport(db, platform, _id));
  return outcomes;
}
