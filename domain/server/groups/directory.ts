// Discovery: the directory of public groups (by category, most recently active first), search by
// name and tags (substring, Chinese or English, case-insensitive), recommendations from the
// user's interests and the groups' activity, and the preview a person sees before joining.
// Every query here pins `visibility: 'public'`; a private group is only ever returned to its
// members or to someone holding a valid invitation to it.
import { AppError, AppErrorCode } from '../../errors';
import type { RequestOf } from '../../function';
import type { groups } from '../../contracts/groups';
import { memberId } from '../../ids';
import { MessageDoc, previewOf } from '../../messages';
import { Database, findById, rows } from '../database';
import { nicknames, partyOf, reader } from './access';
import { resolveInvitation } from './invitations';
import { escapeRegExp, normalizeSearch } from './search-text';
import { DEFAULT_SETTINGS, GroupDoc, GroupPage, GroupPreview, GroupSummary, JoinRequestDoc, PreviewMessage } from './types';

type Req<A extends string> = Extract<RequestOf<typeof groups>, { action: A }>;

const DEFAULT_LIMIT = 20;
/** What a directory row needs; the rest of a conversation document stays in the database. */
const SUMMARY_FIELDS = { name: true, description: true, avatarUrl: true, category: true, tags: true, visibility: true, joinPolicy: true, memberCount: true, updatedAt: true, lastMessage: true };

export function summaryOf(g: GroupDoc): GroupSummary {
  return {
    conversationId: g._id,
    name: g.name,
    description: g.description ?? '',
    avatarUrl: g.avatarUrl ?? '',
    category: g.category ?? 'other',
    tags: g.tags ?? [],
    visibility: g.visibility,
    joinPolicy: g.joinPolicy ?? 'open',
    memberCount: g.memberCount,
    lastActiveAt: g.updatedAt,
    // A group that hides history from newcomers shows strangers none of it, not even the last line.
    lastPreview: g.settings?.historyForNewMembers === false ? '' : (g.lastMessage?.preview ?? ''),
  };
}

function page(found: GroupDoc[], offset: number, limit: number): GroupPage {
  return { groups: found.slice(0, limit).map(summaryOf), ...(found.length > limit ? { nextOffset: offset + limit } : {}) };
}

export async function directory(db: Database, req: Req<'directory'>): Promise<GroupPage> {
  const offset = req.offset ?? 0;
  const limit = req.limit ?? DEFAULT_LIMIT;
  const where: Record<string, unknown> = { visibility: 'public' };
  if (req.category) where.category = req.category;
  const found = rows<GroupDoc>(
    await db
      .collection('conversations')
      .where(where)
      .orderBy('updatedAt', 'desc')
      .skip(offset)
      .limit(limit + 1)
      .field(SUMMARY_FIELDS)
      .get(),
  );
  return page(found, offset, limit);
}

/** Biggest groups first among the matches, then the most recently active. */
export async function search(db: Database, req: Req<'search'>): Promise<GroupPage> {
  const offset = req.offset ?? 0;
  const limit = req.limit ?? DEFAULT_LIMIT;
  const needle = normalizeSearch(req.query);
  // pinyin is stored without spaces ('beijing'): 'bei jing' also looks for it that way
  const spelled = needle.replace(/ /g, '');
  const regexp = spelled === needle ? escapeRegExp(needle) : `${escapeRegExp(needle)}|${escapeRegExp(spelled)}`;
  const where: Record<string, unknown> = { visibility: 'public', searchText: db.RegExp({ regexp, options: 'i' }) };
  if (req.category) where.category = req.category;
  const found = rows<GroupDoc>(
    await db
      .collection('conversations')
      .where(where)
      .orderBy('memberCount', 'desc')
      .orderBy('updatedAt', 'desc')
      .skip(offset)
      .limit(limit + 1)
      .field(SUMMARY_FIELDS)
      .get(),
  );
  return page(found, offset, limit);
}

const DAY = 86_400_000;
const CANDIDATES = 100;

/** Interest matches weigh most; size and recent activity order groups of equal interest. */
export function recommendationScore(g: GroupDoc, interests: Set<string>, now = Date.now()): number {
  const matches = [g.category ?? '', ...(g.tags ?? [])].filter((t) => interests.has(normalizeSearch(t))).length;
  const age = now - +new Date(g.updatedAt);
  const recency = age < DAY ? 2 : age < 7 * DAY ? 1 : 0;
  return 4 * Math.min(matches, 3) + Math.log2(1 + g.memberCount) + recency;
}

export async function recommend(db: Database, openid: string, req: Req<'recommend'>): Promise<{ groups: Array<GroupSummary & { score: number }> }> {
  const limit = req.limit ?? 10;
  const _ = db.command;
  const [user, inbox] = await Promise.all([findById<{ interests?: string[] }>(db, 'users', openid), findById<{ conversationIds: string[] }>(db, 'inboxes', openid)]);
  const raw = user?.interests ?? [];
  const interests = new Set(raw.map(normalizeSearch));
  const mine = new Set(inbox?.conversationIds ?? []);
  const variants = [...new Set([...raw, ...interests])];
  const queries = [
    db
      .collection('conversations')
      .where({ visibility: 'public' })
      .orderBy('updatedAt', 'desc')
      .limit(CANDIDATES / 2)
      .field(SUMMARY_FIELDS)
      .get(),
  ];
  if (variants.length) {
    queries.push(
      db
        .collection('conversations')
        .where(_.and([{ visibility: 'public' }, _.or([{ category: _.in(variants) }, { tags: _.in(variants) }])]))
        .orderBy('updatedAt', 'desc')
        .limit(CANDIDATES)
        .field(SUMMARY_FIELDS)
        .get(),
    );
  }
  const seen = new Map<string, GroupDoc>();
  for (const result of await Promise.all(queries)) for (const g of rows<GroupDoc>(result)) if (!mine.has(g._id)) seen.set(g._id, g);
  const now = Date.now();
  const ranked = [...seen.values()].map((g) => ({ g, score: recommendationScore(g, interests, now) })).sort((a, b) => b.score - a.score);
  return { groups: ranked.slice(0, limit).map(({ g, score }) => ({ ...summaryOf(g), score: Math.round(score * 100) / 100 })) };
}

const PREVIEW_MESSAGES = 20;

/**
 * What the group page shows before (and after) joining. Public groups: profile, counts and the
 * newest messages. Private groups: members see the same; a person holding a valid invitation sees
 * the profile only; anyone else gets NOT_FOUND, exactly as for a group that does not exist.
 */
export async function preview(db: Database, openid: string, req: Req<'preview'>): Promise<GroupPreview> {
  const notFound = new AppError(AppErrorCode.NOT_FOUND, `group ${req.conversationId} does not exist`);
  const g = await findById<GroupDoc>(db, 'conversations', req.conversationId);
  if (!g || g.type !== 'group' || g.dissolvedAt) throw notFound;
  const me = await partyOf(reader(db), g._id, openid);
  const isMember = Boolean(me.member);
  if (g.visibility === 'private' && !isMember) {
    if (me.standing === 'banned' || !(req.token || req.code)) throw notFound;
    const invitation = await resolveInvitation(db, req).catch(() => null);
    if (!invitation || invitation.conversationId !== g._id) throw notFound;
  }
  const request = isMember ? null : await findById<JoinRequestDoc>(db, 'join_requests', memberId(g._id, openid));
  let recentMessages: PreviewMessage[] = [];
  // The same history the messages read rule allows: where the group hides history from newcomers,
  // a member sees only what came after their joinedSeq, and a non-member nothing.
  const hidesHistory = g.settings?.historyForNewMembers === false;
  if ((g.visibility === 'public' && !hidesHistory) || isMember) {
    const since = hidesHistory ? (me.member?.joinedSeq ?? 0) : 0;
    const messages = rows<MessageDoc>(
      await db
        .collection('messages')
        .where({ conversationId: g._id, status: 'visible', seq: db.command.gt(since) })
        .orderBy('seq', 'desc')
        .limit(PREVIEW_MESSAGES)
        .get(),
    );
    const names = await nicknames(
      db,
      messages.map((m) => m._openid).filter((id) => id !== 'system'),
    );
    recentMessages = messages.map((m) => ({
      messageId: m._id,
      seq: m.seq ?? 0,
      type: m.type,
      senderId: m._openid,
      senderName: m._openid === 'system' ? '' : (names.get(m._openid) ?? ''),
      text: m.type === 'text' || m.type === 'system' ? (m.content?.text ?? '') : previewOf(m.type, m.content),
      createdAt: m.createdAt ?? m.writtenAt,
    }));
  }
  return {
    group: { ...summaryOf(g), announcement: g.announcement ?? '', settings: { ...DEFAULT_SETTINGS, ...g.settings }, ownerId: g.ownerId ?? '' },
    standing: me.standing,
    requested: request?.status === 'pending',
    recentMessages,
  };
}
