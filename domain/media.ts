// Where a conversation's files live and which message owns one: the one home for both, used by the
// mini program (where to upload), deliver (a message may only carry its own file), the `media`
// function (who may read a file) and retention / account deletion (which files go with which
// messages).
//
// A file is `conversations/<conversationId>/<sender openid>/<message id>.<ext>`: the file name is
// the message's client id, fixed before the upload starts (the outbox owns both), so a file names
// the one message that may claim it. A message that points at a file named for another message
// (someone else's photo, an avatar) owns nothing: deliver blocks it, and retention never deletes
// a file on its say-so.

export const CONVERSATION_FILES = 'conversations';

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const EXT = /^[a-z0-9]{1,8}$/;

export interface ConversationFile {
  conversationId: string;
  openid: string;
  messageId: string;
  ext: string;
}

/** The cloud path a message's file is uploaded to. */
export function conversationFilePath(conversationId: string, openid: string, messageId: string, ext: string): string {
  const clean =
    ext
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 8) || 'bin';
  return `${CONVERSATION_FILES}/${conversationId}/${openid}/${messageId}.${clean}`;
}

/**
 * The cloud path inside a fileID (`cloud://<env>.<bucket>/<path>`, as wx.cloud.uploadFile answers
 * it); undefined for anything else.
 */
export function cloudPathOf(fileId: string): string | undefined {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  return m ? m[1] : undefined;
}

/** The parts of a conversation file's id, or null when it is not one (avatars, exports, junk). */
export function conversationFileOf(fileId: string): ConversationFile | null {
  const path = cloudPathOf(fileId);
  if (!path) return null;
  const parts = path.split('/');
  if (parts.length !== 4 || parts[0] !== CONVERSATION_FILES) return null;
  const [, conversationId, openid, name] = parts;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const messageId = name.slice(0, dot);
  const ext = name.slice(dot + 1);
  if (![conversationId, openid, messageId].every((s) => SEGMENT.test(s)) || !EXT.test(ext)) return null;
  return { conversationId, openid, messageId, ext };
}

/**
 * Whether the file is the message's own: named for this message in this conversation. The sender
 * segment is not compared, so a message handed to a deleted account's tombstone keeps its file.
 */
export function messageOwnsFile(message: { _id: string; conversationId: string }, fileId: string | undefined): boolean {
  if (!fileId) return false;
  const file = conversationFileOf(fileId);
  return !!file && file.conversationId === message.conversationId && file.messageId === message._id;
}

/** At send time the sender segment must be the sender too (deliver's check). */
export function senderOwnsFile(message: { _id: string; conversationId: string; _openid: string }, fileId: string | undefined): boolean {
  return messageOwnsFile(message, fileId) && conversationFileOf(fileId!)!.openid === message._openid;
}

/** Avatars live in their owner's folder (miniprogram/services/profile.ts uploads them there). */
export function isOwnAvatar(fileId: string, openid: string): boolean {
  return cloudPathOf(fileId)?.startsWith(`avatars/${openid}/`) ?? false;
}
