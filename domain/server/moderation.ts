// The moderation hook on the deliver path, cheapest check first:
//   1. global ban (the sender is blocked, whatever the message);
//   2. a held message a moderator or the media check released passes as it is;
//   3. sending limits: rate, slow mode (RATE_LIMITED with details.retryAfterMs for a live sender;
//      blocked when the sweep delivers for a sender who is gone), repeats, link floods;
//   4. the community's word list (moderation_words, cached ≤ 15 s);
//   5. WeChat msgSecCheck v2 on the text: pass publishes, review holds for a moderator, risky blocks;
//   6. media: images and voice go to mediaCheckAsync and are held until the wxa_media_check event
//      (cloudfunctions/mediaCheck) publishes or blocks them; videos wait for a moderator.
// Every block and hold is logged in audit_logs. A failed WeChat check holds (fails closed): a
// moderator looks rather than an unchecked message going out.
import { AppError, AppErrorCode } from '../errors';
import { memberId } from '../ids';
import { senderOwnsFile } from '../media';
import { hasMedia, MessageDoc, type ReasonCode } from '../messages';
import type { Database } from './database';
import { findById } from './database';
import { audit, SYSTEM } from './safety/audit';
import { activeGlobalBan, isGlobalAdmin, mirrorBanToMemberships } from './safety/bans';
import { moderationConfig } from './safety/config';
import { checkAndRecord } from './safety/limits';
import { labelText, sdkPlatform, wxErrCode, type Platform } from './safety/platform';
import { queueForModerator, recordCheck } from './safety/queue';
import { matchWords, wordList } from './safety/words';

export type Verdict = { verdict: 'pass' } | { verdict: 'review'; reason: string; code: ReasonCode } | { verdict: 'block'; reason: string; code: ReasonCode; details?: Record<string, unknown> };

export interface ModerationContext {
  /** The deliver path's database; the initialised SDK's when absent. */
  db?: Database;
  /** As deliver read them; read here when absent. */
  conversation?: { _id: string; settings?: object } | null;
  member?: { role?: string } | null;
  /** True when the sweep delivers on a gone sender's behalf: nobody is there to wait and retry. */
  bySweep?: boolean;
  /** Tests and scripts may pass their own; functions use the SDK they initialised. */
  platform?: Platform;
}

/** msgSecCheck's documented limit. Message texts are capped at 2,000 by the schema; names are short. */
const SEC_CHECK_MAX_CHARS = 2500;
/** mediaCheckAsync accepts files up to 10 MB. */
const MEDIA_MAX_BYTES = 10 * 1024 * 1024;

export const HELD_MEDIA_REASON = 'under review: checking the media';
export const HELD_REVIEW_REASON = 'under review by a moderator';

interface CheckDoc {
  conversationId: string;
  openid: string;
  kind: 'media' | 'review';
  traceId?: string;
  suggest?: 'pass' | 'review' | 'risky';
  label?: number;
  released?: boolean;
  decidedAt?: Date;
}

/**
 * A check record speaks for the message it was made for and no other. Message ids are chosen by
 * clients, so a record left behind (or a guessed id) must not vouch for a new document with the same
 * id: it must be the same sender in the same conversation, and a release covers only what was
 * written before the moderator decided.
 */
function checkCovers(check: CheckDoc, message: MessageDoc): boolean {
  if (check.openid !== message._openid || check.conversationId !== message.conversationId) return false;
  if (!check.released) return true;
  const written = message.writtenAt instanceof Date ? message.writtenAt.getTime() : Number.NaN;
  const decided = check.decidedAt instanceof Date ? check.decidedAt.getTime() : Number.NaN;
  return written <= decided;
}

function textOf(message: MessageDoc): string {
  const c = message.content ?? {};
  return [c.text, c.name, c.address].filter((s): s is string => typeof s === 'string' && s.length > 0).join('\n');
}

// Audit entries are read by the group's owner and admins (database/audit_logs.json), who must not
// learn anything of a message the rules hide from them: a matched word is a piece of its text, so it
// goes to the moderators' queue (reports, functions and console only) and never into the audit log.
async function held(db: Database, message: MessageDoc, reason: string, detail: string, code: ReasonCode = 'REVIEW', auditDetail = detail): Promise<Verdict> {
  await queueForModerator(db, message, detail);
  await audit(db, { action: 'message.held', actorId: SYSTEM.deliver, targetType: 'message', targetId: message._id, conversationId: message.conversationId, reason: auditDetail });
  return { verdict: 'review', reason, code };
}

async function blocked(db: Database, message: MessageDoc, code: ReasonCode, reason: string, details?: Record<string, unknown>, auditDetails = details): Promise<Verdict> {
  await audit(db, { action: 'message.blocked', actorId: SYSTEM.deliver, targetType: 'message', targetId: message._id, conversationId: message.conversationId, reason, details: auditDetails });
  return { verdict: 'block', reason, code, ...(details ? { details } : {}) };
}

export async function moderate(message: MessageDoc, context: ModerationContext = {}): Promise<Verdict> {
  const platform = context.platform ?? sdkPlatform();
  const db = context.db ?? platform.database();
  const ban = await activeGlobalBan(db, message._openid);
  if (ban) {
    await mirrorBanToMemberships(db, message._openid, ban.until);
    return blocked(db, message, 'BANNED', 'the sender is banned from the app');
  }
  // A media message carries the file named for it, uploaded by its sender (domain/media.ts): never
  // another message's photo, an avatar or another conversation's file, which its members would
  // then be served through the media function. Checked before any moderation record can speak.
  if (hasMedia(message.type)) {
    if (!message.content?.fileId) return blocked(db, message, 'MEDIA_MISSING', 'the media file is missing');
    if (!senderOwnsFile(message, message.content.fileId)) return blocked(db, message, 'INVALID_MESSAGE', "the file is not this message's own");
  }

  // Only messages that were held before (blockReason set) or carry media can have a check record.
  const found = message.blockReason || hasMedia(message.type) ? await findById<CheckDoc>(db, 'moderation_checks', message._id) : null;
  const check = found && checkCovers(found, message) ? found : null;
  if (check?.released) return { verdict: 'pass' };
  if (check?.kind === 'media' && !check.suggest) return { verdict: 'review', reason: HELD_MEDIA_REASON, code: 'REVIEW_MEDIA' };

  const config = await moderationConfig(db);
  const text = textOf(message);
  const [conversation, member] = await Promise.all([
    context.conversation !== undefined ? context.conversation : findById<{ settings?: object }>(db, 'conversations', message.conversationId),
    context.member !== undefined ? context.member : findById<{ role?: string }>(db, 'members', memberId(message.conversationId, message._openid)),
  ]);
  const slowModeSeconds = (conversation?.settings as { slowModeSeconds?: number } | undefined)?.slowModeSeconds ?? 0;
  const role = member?.role;
  const exempt = role === 'owner' || role === 'admin' || (slowModeSeconds > 0 && (await isGlobalAdmin(db, message._openid)));
  const limit = await checkAndRecord(
    db,
    { messageId: message._id, senderId: message._openid, conversationId: message.conversationId, text, slowModeSeconds, exemptFromSlowMode: exempt, now: Date.now() },
    config,
  );
  if (!limit.ok) {
    if (limit.kind === 'rate' || limit.kind === 'slow_mode') {
      if (!context.bySweep) throw new AppError(AppErrorCode.RATE_LIMITED, limit.reason, { retryAfterMs: limit.retryAfterMs, limit: limit.kind });
      return blocked(db, message, 'SENT_TOO_FAST', `sent too fast (${limit.reason})`, { limit: limit.kind });
    }
    return blocked(db, message, limit.kind === 'repeat' ? 'REPEATED' : 'TOO_MANY_LINKS', limit.reason, { limit: limit.kind });
  }

  if (text) {
    const hit = matchWords(await wordList(db), text);
    if (hit?.action === 'block') {
      const why = hit.reason ? { reason: hit.reason } : {};
      return blocked(db, message, 'WORD_LIST', hit.reason ?? 'contains a word this community does not allow', { word: hit.word, ...why }, why);
    }
    if (hit) return held(db, message, HELD_REVIEW_REASON, `word list: ${hit.word}`, 'REVIEW', 'word list');

    try {
      const { result } = await platform.openapi.security.msgSecCheck({ content: [...text].slice(0, SEC_CHECK_MAX_CHARS).join(''), version: 2, scene: config.secCheckScene, openid: message._openid });
      if (result.suggest === 'risky') return blocked(db, message, 'CONTENT_CHECK', `WeChat's content check found ${labelText(result.label)}`, { label: result.label });
      if (result.suggest === 'review') return held(db, message, HELD_REVIEW_REASON, `msgSecCheck review, label ${result.label}`);
    } catch (err) {
      // 61010: the user was not active in the last 2 hours (e.g. the sweep delivering old messages);
      // 45009: daily quota. Either way a person decides.
      return held(db, message, HELD_REVIEW_REASON, `msgSecCheck unavailable (${wxErrCode(err) ?? (err as Error)?.message ?? 'error'})`);
    }
  }

  if (message.type === 'image' || message.type === 'voice') {
    const fileId = message.content?.fileId;
    if (!fileId) return blocked(db, message, 'MEDIA_MISSING', 'the media file is missing');
    if ((message.content?.size ?? 0) > MEDIA_MAX_BYTES) return held(db, message, HELD_REVIEW_REASON, 'media larger than 10 MB: checked by a moderator');
    try {
      const { fileList } = await platform.getTempFileURL({ fileList: [fileId] });
      const url = fileList[0]?.tempFileURL;
      if (!url) return blocked(db, message, 'MEDIA_MISSING', 'the media file is missing');
      const { traceId } = await platform.openapi.security.mediaCheckAsync({
        mediaUrl: url,
        mediaType: message.type === 'image' ? 2 : 1,
        version: 2,
        scene: config.secCheckScene,
        openid: message._openid,
      });
      await recordCheck(db, message, 'media', traceId);
      await audit(db, {
        action: 'message.held',
        actorId: SYSTEM.deliver,
        targetType: 'message',
        targetId: message._id,
        conversationId: message.conversationId,
        reason: 'media check started',
        details: { traceId },
      });
      return { verdict: 'review', reason: HELD_MEDIA_REASON, code: 'REVIEW_MEDIA' };
    } catch (err) {
      return held(db, message, HELD_REVIEW_REASON, `mediaCheckAsync unavailable (${wxErrCode(err) ?? (err as Error)?.message ?? 'error'})`);
    }
  }
  // mediaCheckAsync takes audio and images only; a video waits for a person.
  if (message.type === 'video') return held(db, message, HELD_REVIEW_REASON, 'videos are checked by a moderator');
  return { verdict: 'pass' };
}
