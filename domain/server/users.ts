// Sign-in bootstrap and profile edits. The users document is the public profile (_id = openid);
// the inbox (also _id = openid, readable only by its owner) lists the conversations the user is in,
// which is what lets the conversation list watch `conversations` under a security rule.
import type { Profile } from '../contracts/messaging';
import { AppError, AppErrorCode } from '../errors';
import { Database, findById } from './database';
import { nicknameKey } from './groups/member-keys';
import { nameSearchText } from './pinyin-keys';
import { format, languageOf, type Lang } from '../i18n/index';

/**
 * WeChat's own default for a person who has not chosen a name ("微信用户", what getUserProfile has
 * answered since 2022): the zh-CN catalogue word, stored because nickname is required. The phone
 * shows it in the reader's language (isDefaultNickname, utils/profiles.ts).
 */
export function defaultNickname(): string {
  return format('zh-CN', 'common_newUser');
}

/** Idempotent: concurrent first launches on two devices both end with one user and one inbox. */
export async function ensureUser(db: Database, openid: string): Promise<{ profile: Profile; created: boolean }> {
  const now = db.serverDate();
  const existing = await findById<Profile>(db, 'users', openid);
  if (existing) {
    await db
      .collection('users')
      .doc(openid)
      .update({ data: { lastActiveAt: now } });
    return { profile: existing, created: false };
  }
  const profile: Profile = { _id: openid, nickname: defaultNickname(), avatarUrl: '' };
  const created = await insertIfAbsent(db, 'users', { ...profile, searchText: nameSearchText(profile.nickname), createdAt: now, lastActiveAt: now });
  await insertIfAbsent(db, 'inboxes', { _id: openid, conversationIds: [], updatedAt: now });
  return { profile: created ? profile : ((await findById<Profile>(db, 'users', openid)) ?? profile), created };
}

/** Inserts a document with a fixed _id; false when another request inserted it first. */
export async function insertIfAbsent(db: Database, collection: string, doc: { _id: string } & Record<string, unknown>): Promise<boolean> {
  try {
    await db.collection(collection).add({ data: doc });
    return true;
  } catch (err) {
    if (/duplicate|exist/i.test(String((err as Error)?.message ?? err))) return false;
    throw err;
  }
}

/** The language the server writes a person's notices and push texts in (zh-CN unless they chose English). */
export async function languageOfUser(db: Database, openid: string): Promise<Lang> {
  const user = await findById<{ language?: string }>(db, 'users', openid);
  return languageOf(user?.language, 'zh');
}

export async function updateProfile(db: Database, openid: string, changes: Partial<Omit<Profile, '_id'>>): Promise<Profile> {
  const existing = await findById<Profile>(db, 'users', openid);
  if (!existing) throw new AppError(AppErrorCode.NOT_FOUND, 'sign in first');
  await db
    .collection('users')
    .doc(openid)
    // the search keys follow the nickname (the phone's search matches them, pinyin included)
    .update({ data: { ...changes, ...(changes.nickname !== undefined ? { searchText: nameSearchText(changes.nickname) } : {}), lastActiveAt: db.serverDate() } });
  // Member search keys follow the nickname: one multi-document update over the person's own
  // memberships (bounded by how many groups one person is in, not by any group's size).
  if (changes.nickname !== undefined && changes.nickname !== existing.nickname) {
    await db
      .collection('members')
      .where({ openid })
      .update({ data: { nicknameKey: nicknameKey(changes.nickname, openid) } });
  }
  return { ...existing, ...changes };
}
