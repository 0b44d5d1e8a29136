// Personal data rights: export (everything the app holds about the caller, as one JSON file in
// storage, handed back as a temporary URL) and deletion (profile, memberships, inbox, consents and
// notices erased; the person's messages deleted or anonymised, as they choose). What stays, and why:
// - group and global bans keyed by the openid, so deleting an account does not lift a ban;
// - a direct conversation's _id, derived from both openids (the peer keeps their chat; directKey is
//   rewritten to the tombstone);
// - audit entries and reports about the person, with the openid replaced by a random tombstone id.
import { randomBytes } from 'crypto';
import { AppError, AppErrorCode } from '../../errors';
import { hasMedia, MessageDoc } from '../../messages';
import type { Database } from '../database';
import { findById, rows } from '../database';
import { audit } from './audit';
import type { Platform } from './platform';

const PAGE = 1000;

async function all<T>(db: Database, collection: string, where: Record<string, unknown>, field?: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    let query = db.collection(collection).where(where).skip(skip).limit(PAGE);
    if (field) query = query.field(field);
    const page = rows<T>(await query.get());
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

export interface ExportResult {
  fileID: string;
  tempFileURL: string;
  counts: Record<string, number>;
}

export async function exportAccount(db: Database, platform: Platform, openid: string): Promise<ExportResult> {
  const profile = await findById(db, 'users', openid);
  if (!profile) throw new AppError(AppErrorCode.NOT_FOUND, 'sign in first');
  const [inbox, memberships, messages, reports, notifications, subscription, globalBan] = await Promise.all([
    findById(db, 'inboxes', openid),
    all(db, 'members', { openid }),
    all(db, 'messages', { _openid: openid }),
    all(db, 'reports', { reporterId: openid }),
    all(db, 'notifications', { userId: openid }),
    findById(db, 'subscriptions', openid),
    findById(db, 'global_bans', openid),
  ]);
  const exported = { format: 'community-chat-export/1', exportedAt: new Date().toISOString(), openid, profile, inbox, memberships, messages, reports, notifications, subscription, globalBan };
  // The random part keeps the path unguessable: storage read rules admit any signed-in user.
  const cloudPath = `exports/${openid}/${Date.now()}-${randomBytes(8).toString('hex')}.json`;
  const { fileID } = await platform.uploadFile({ cloudPath, fileContent: Buffer.from(JSON.stringify(exported, null, 2), 'utf8') });
  const { fileList } = await platform.getTempFileURL({ fileList: [fileID] });
  await audit(db, { action: 'account.exported', actorId: openid, targetType: 'user', targetId: openid });
  return { fileID, tempFileURL: fileList[0].tempFileURL, counts: { memberships: memberships.length, messages: messages.length, reports: reports.length, notifications: notifications.length } };
}

export type MessageChoice = 'delete' | 'anonymise';

export interface DeletionResult {
  tombstone: string;
  messages: { choice: MessageChoice; count: number };
  memberships: number;
  filesDeleted: number;
}

const DELETED_NAME = 'Deleted user';

export async function deleteAccount(db: Database, platform: Platform, openid: string, choice: MessageChoice): Promise<DeletionResult> {
  const _ = db.command;
  if (!(await findById(db, 'users', openid))) throw new AppError(AppErrorCode.NOT_FOUND, 'no such account');
  const owned = await all<{ _id: string; memberCount: number }>(db, 'conversations', { ownerId: openid, type: 'group', dissolvedAt: _.exists(false) }, { memberCount: true });
  const shared = owned.filter((g) => g.memberCount > 1);
  if (shared.length) throw new AppError(AppErrorCode.CONFLICT, `transfer ownership of ${shared.length} group(s) first`, { conversationIds: shared.map((g) => g._id) });
  const tombstone = `deleted_${randomBytes(6).toString('hex')}`;

  // Messages: the person's choice.
  const mine = await all<Pick<MessageDoc, '_id' | 'type' | 'content'>>(db, 'messages', { _openid: openid }, { type: true, content: true });
  const files: string[] = [];
  if (choice === 'delete') {
    files.push(...mine.filter((m) => hasMedia(m.type) && m.content?.fileId).map((m) => m.content!.fileId!));
    await db.collection('messages').where({ _openid: openid }).remove();
    await db.collection('moderation_checks').where({ openid }).remove();
    await db.collection('conversations').where({ 'lastMessage.senderId': openid }).update({ data: { lastMessage: { id: '', seq: 0, senderId: tombstone, senderName: DELETED_NAME, type: 'text', preview: '[deleted]' } } });
  } else {
    await db.collection('messages').where({ _openid: openid }).update({ data: { _openid: tombstone } });
    await db.collection('moderation_checks').where({ openid }).update({ data: { openid: tombstone } });
    await db.collection('conversations').where({ 'lastMessage.senderId': openid }).update({ data: { 'lastMessage.senderId': tombstone, 'lastMessage.senderName': DELETED_NAME } });
  }
  // Traces in other people's messages: mentions and system lines.
  await db.collection('messages').where({ mentions: openid }).update({ data: { mentions: _.pull(openid) } });
  await db.collection('messages').where({ 'system.actorId': openid }).update({ data: { 'system.actorId': tombstone } });
  await db.collection('messages').where({ 'system.targetId': openid }).update({ data: { 'system.targetId': tombstone } });

  // Memberships and the inbox.
  const memberships = await all<{ _id: string; conversationId: string }>(db, 'members', { openid }, { conversationId: true });
  for (const m of memberships) {
    await db.collection('members').doc(m._id).remove();
    await db.collection('conversations').doc(m.conversationId).update({ data: { memberCount: _.inc(-1), updatedAt: db.serverDate() } });
  }
  for (const g of owned) await db.collection('conversations').doc(g._id).update({ data: { ownerId: tombstone, dissolvedAt: db.serverDate() } });
  const directs = await all<{ _id: string; directKey: string }>(db, 'conversations', { type: 'direct', directKey: db.RegExp({ regexp: `(^|\\|)${openid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|\\|)` }) }, { directKey: true });
  for (const d of directs) await db.collection('conversations').doc(d._id).update({ data: { directKey: d.directKey.split('|').map((p) => (p === openid ? tombstone : p)).join('|') } });
  await db.collection('join_requests').where({ openid }).remove();

  // Reports, the audit trail, the person's own records.
  await db.collection('reports').where({ reporterId: openid }).remove();
  await db.collection('reports').where({ 'target.userId': openid }).update({ data: { 'target.userId': tombstone } });
  await db.collection('audit_logs').where({ actorId: openid }).update({ data: { actorId: tombstone } });
  await db.collection('audit_logs').where({ targetId: openid }).update({ data: { targetId: tombstone } });
  const profile = await findById<{ avatarUrl?: string }>(db, 'users', openid);
  if (profile?.avatarUrl?.startsWith('cloud://')) files.push(profile.avatarUrl);
  for (const [collection, where] of [
    ['notifications', { userId: openid }],
    ['subscriptions', { _id: openid }],
    ['rate_windows', { _id: openid }],
    ['inboxes', { _id: openid }],
    ['global_admins', { _id: openid }],
    ['users', { _id: openid }],
  ] as const) {
    await db.collection(collection).where(where).remove();
  }
  for (let i = 0; i < files.length; i += 50) await platform.deleteFile({ fileList: files.slice(i, i + 50) });
  await audit(db, { action: 'account.deleted', actorId: tombstone, targetType: 'user', targetId: tombstone, details: { messages: choice, count: mine.length, memberships: memberships.length } });
  return { tombstone, messages: { choice, count: mine.length }, memberships: memberships.length, filesDeleted: files.length };
}
