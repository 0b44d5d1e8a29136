// Who may read a conversation's file, and its temp URL for those who may. CloudBase storage rules
// see only the file (`resource.openid`, `resource.path`) and the caller, never the database
// (localcloud/src/storage/rules.ts has the verified fact), so the rule keeps conversation files
// their uploader's and this function lets members in, checking what the messages read rule checks:
// membership, history hidden from new members (`seq > joinedSeq`) and publication. A file the
// caller may not read answers exactly as a missing one (NOT_FOUND): nothing leaks what rules hide.
import type { MediaUrl } from '../contracts/messaging';
import type { ConversationDoc, MemberDoc } from '../contracts/documents';
import { memberId } from '../ids';
import { conversationFileOf, messageOwnsFile } from '../media';
import { hasMedia, type MessageDoc } from '../messages';
import { rows, type Database } from './database';
import type { Platform } from './safety/platform';

/**
 * How long a URL handed out here lives. WeChat's getTempFileURL allows up to a day; two hours keeps
 * a URL copied out of the app short-lived (temp URLs themselves are not rule-checked) while the
 * phone's cache renews well before expiry.
 */
export const MEDIA_URL_SECONDS = 2 * 60 * 60;

type Message = Pick<MessageDoc, '_id' | 'conversationId' | '_openid' | 'status' | 'seq' | 'content'>;

export async function mediaUrls(db: Database, platform: Platform, openid: string, fileIds: string[]): Promise<MediaUrl[]> {
  const _ = db.command;
  const wanted = [...new Set(fileIds)];
  const files = wanted.map((fileId) => ({ fileId, file: conversationFileOf(fileId) }));
  const named = files.filter((f) => f.file);
  const messageIds = [...new Set(named.map((f) => f.file!.messageId))];
  const conversationIds = [...new Set(named.map((f) => f.file!.conversationId))];
  const [messages, members, conversations] = messageIds.length
    ? await Promise.all([
        db
          .collection('messages')
          .where({ _id: _.in(messageIds) })
          .field({ conversationId: true, _openid: true, status: true, seq: true, content: true })
          .limit(50)
          .get(),
        db
          .collection('members')
          .where({ _id: _.in(conversationIds.map((c) => memberId(c, openid))) })
          .field({ conversationId: true, joinedSeq: true })
          .limit(50)
          .get(),
        db
          .collection('conversations')
          .where({ _id: _.in(conversationIds) })
          .field({ settings: true })
          .limit(50)
          .get(),
      ])
    : [{ data: [] }, { data: [] }, { data: [] }];
  const messageById = new Map(rows<Message>(messages).map((m) => [m._id, m]));
  const memberOf = new Map(rows<Pick<MemberDoc, 'conversationId' | 'joinedSeq'>>(members).map((m) => [m.conversationId, m]));
  const conversationById = new Map(rows<Pick<ConversationDoc, '_id' | 'settings'>>(conversations).map((c) => [c._id, c]));

  const readable = files.filter(({ fileId, file }) => {
    if (!file) return false;
    const message = messageById.get(file.messageId);
    if (!message || !messageOwnsFile(message, fileId) || message.content?.fileId !== fileId) return false;
    if (message._openid === openid) return true;
    const member = memberOf.get(file.conversationId);
    if (!member || message.status !== 'visible') return false;
    const historyHidden = conversationById.get(file.conversationId)?.settings?.historyForNewMembers === false;
    return !historyHidden || (message.seq ?? 0) > (member.joinedSeq ?? 0);
  });
  const urls = new Map<string, string>();
  if (readable.length) {
    const { fileList } = await platform.getTempFileURL({ fileList: readable.map((f) => ({ fileID: f.fileId, maxAge: MEDIA_URL_SECONDS })) });
    for (const item of fileList) if (item.tempFileURL) urls.set(item.fileID, item.tempFileURL);
  }
  return fileIds.map((fileId) => {
    const tempFileURL = urls.get(fileId);
    return tempFileURL ? { fileId, tempFileURL, maxAge: MEDIA_URL_SECONDS } : { fileId, code: 'NOT_FOUND' as const };
  });
}

/**
 * Deletes the files the given messages own (domain/media.ts `messageOwnsFile`), 50 per call as
 * deleteFile allows; answers how many. A message pointing at a file it does not own (a forged
 * pointer to someone's avatar or another conversation's photo) deletes nothing. Repeating it after
 * a crash is harmless: a file already gone answers its own code, not an error.
 */
export async function deleteOwnedFiles(platform: Platform, messages: Array<Pick<MessageDoc, '_id' | 'conversationId' | 'type' | 'content'>>): Promise<number> {
  const fileIds = messages.filter((m) => hasMedia(m.type) && messageOwnsFile(m, m.content?.fileId)).map((m) => m.content!.fileId!);
  for (let i = 0; i < fileIds.length; i += 50) await platform.deleteFile({ fileList: fileIds.slice(i, i + 50) });
  return fileIds.length;
}
