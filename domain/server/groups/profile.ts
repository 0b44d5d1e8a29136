// Creating a group, editing its profile and settings, the announcement, mute-all, dissolving.
// Each change, its system message and its audit entry commit in one transaction.
import { newClientId } from '../../ids';
import type { RequestOf } from '../../function';
import type { groups } from '../../contracts/groups';
import { Database, findById, runTransaction } from '../database';
import { AppError, AppErrorCode } from '../../errors';
import { advanceNow, newJob, type JobDoc } from '../jobs';
import { sdkPlatform } from '../safety/platform';
import { publishSystemMessage } from '../deliver';
import { admit, audit, authorized, nicknames } from './access';
import { systemEvent } from './events';
import { searchTextOf } from './search-text';
import { DEFAULT_SETTINGS, GroupDoc } from './types';

type Req<A extends string> = Extract<RequestOf<typeof groups>, { action: A }>;

export async function createGroup(db: Database, openid: string, req: Req<'create'>): Promise<{ conversationId: string }> {
  const conversationId = `g_${newClientId()}`;
  const names = await nicknames(db, [openid]);
  const now = db.serverDate();
  const category = req.category ?? 'other';
  const tags = req.tags ?? [];
  await runTransaction(db, async (t) => {
    const group = {
      type: 'group',
      name: req.name.trim(),
      description: req.description ?? '',
      avatarUrl: req.avatarUrl ?? '',
      category,
      tags,
      searchText: searchTextOf({ name: req.name, category, tags }),
      visibility: req.visibility,
      joinPolicy: req.joinPolicy ?? 'open',
      ownerId: openid,
      settings: { ...DEFAULT_SETTINGS, ...req.settings },
      announcement: '',
      seq: 0,
      lastMessage: null,
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    await t.collection('conversations').doc(conversationId).set({ data: group });
    await admit(db, t, { ...(group as unknown as GroupDoc), _id: conversationId }, openid, 'owner');
    await publishSystemMessage(db, t, conversationId, systemEvent('created', names, openid));
    await audit(db, t, { conversationId, actorId: openid, action: 'create', details: { name: group.name, visibility: group.visibility } });
  });
  return { conversationId };
}

const PROFILE_FIELDS = ['name', 'description', 'avatarUrl', 'category', 'tags'] as const;
const POLICY_FIELDS = ['visibility', 'joinPolicy'] as const;

export async function updateGroup(db: Database, openid: string, req: Req<'update'>): Promise<{ conversationId: string; changed: string[] }> {
  const names = await nicknames(db, [openid]);
  return runTransaction(db, async (t) => {
    const { group } = await authorized(t, 'edit', req.conversationId, openid);
    const data: Record<string, unknown> = {};
    const profile: Record<string, unknown> = {};
    const settings: Record<string, unknown> = {};
    for (const f of PROFILE_FIELDS) {
      const value = f === 'name' ? req.name?.trim() : req[f];
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(group[f])) profile[f] = data[f] = value;
    }
    for (const f of POLICY_FIELDS) if (req[f] !== undefined && req[f] !== group[f]) settings[f] = data[f] = req[f];
    for (const [k, v] of Object.entries(req.settings ?? {})) {
      if (group.settings?.[k as keyof typeof group.settings] !== v) settings[k] = data[`settings.${k}`] = v;
    }
    const changed = [...Object.keys(profile), ...Object.keys(settings)];
    if (!changed.length) return { conversationId: req.conversationId, changed };
    if (profile.name || profile.category || profile.tags) {
      data.searchText = searchTextOf({ name: (profile.name as string) ?? group.name, category: (profile.category as string) ?? group.category, tags: (profile.tags as string[]) ?? group.tags });
    }
    data.updatedAt = db.serverDate();
    await t.collection('conversations').doc(req.conversationId).update({ data });
    // One line in the chat: setting changes matter more to members than a new description.
    const event = Object.keys(settings).length
      ? systemEvent('settingsChanged', names, openid, undefined, settings)
      : systemEvent('edited', names, openid, undefined, Object.fromEntries(Object.keys(profile).map((k) => [k, true])));
    await publishSystemMessage(db, t, req.conversationId, event);
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'update', details: { ...profile, ...settings } });
    return { conversationId: req.conversationId, changed };
  });
}

export async function setAnnouncement(db: Database, openid: string, req: Req<'setAnnouncement'>): Promise<{ conversationId: string }> {
  const names = await nicknames(db, [openid]);
  const text = req.text.trim();
  await runTransaction(db, async (t) => {
    await authorized(t, 'pin', req.conversationId, openid);
    await t
      .collection('conversations')
      .doc(req.conversationId)
      .update({ data: { announcement: text, updatedAt: db.serverDate() } });
    await publishSystemMessage(db, t, req.conversationId, systemEvent('announcement', names, openid, undefined, { text }));
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'setAnnouncement', details: { text } });
  });
  return { conversationId: req.conversationId };
}

export async function setMuteAll(db: Database, openid: string, req: Req<'muteAll'>): Promise<{ conversationId: string; muteAll: boolean }> {
  const names = await nicknames(db, [openid]);
  await runTransaction(db, async (t) => {
    const { group } = await authorized(t, 'muteAll', req.conversationId, openid);
    if (Boolean(group.settings?.muteAll) === req.on) return;
    await t
      .collection('conversations')
      .doc(req.conversationId)
      .update({ data: { 'settings.muteAll': req.on, updatedAt: db.serverDate() } });
    await publishSystemMessage(db, t, req.conversationId, systemEvent('muteAll', names, openid, undefined, { on: req.on }));
    await audit(db, t, { conversationId: req.conversationId, actorId: openid, action: 'muteAll', details: { on: req.on } });
  });
  return { conversationId: req.conversationId, muteAll: req.on };
}

/** The dissolve request's own slice of the job (the groups function's timeout is 5 s). */
const INLINE_BUDGET_MS = 1_500;

export interface DissolveAnswer {
  conversationId: string;
  jobId: string;
  status: string;
  /** Memberships removed so far (all of them when status is 'done'). */
  removedMembers: number;
  total?: number;
}

/**
 * Dissolving: one transaction marks the group dissolved and private (it leaves the directory,
 * deliver refuses new messages, joins find nothing), posts the last system message and creates
 * the job `dissolve_<group>` (domain/server/jobs) that removes every membership, inbox entry,
 * pending request and invitation in bounded steps. The request advances it for INLINE_BUDGET_MS
 * (a small group is gone before the answer) and answers; the jobs timer finishes the rest. A
 * retry after the group is marked dissolved answers the same job (for its owner), not NOT_FOUND.
 */
export async function dissolveGroup(db: Database, openid: string, req: Req<'dissolve'>): Promise<DissolveAnswer> {
  const conversationId = req.conversationId;
  const jobId = `dissolve_${conversationId}`;
  const existing = await findById<JobDoc>(db, 'jobs', jobId);
  if (!existing || existing.ownerId !== openid) {
    const names = await nicknames(db, [openid]);
    await runTransaction(db, async (t) => {
      const { group } = await authorized(t, 'dissolve', conversationId, openid);
      await publishSystemMessage(db, t, conversationId, systemEvent('dissolved', names, openid));
      await t
        .collection('conversations')
        .doc(conversationId)
        .update({ data: { dissolvedAt: db.serverDate(), visibility: 'private', memberCount: 0 } });
      await audit(db, t, { conversationId, actorId: openid, action: 'dissolve' });
      const now = db.serverDate();
      await t
        .collection('jobs')
        .doc(jobId)
        .set({ data: { ...newJob('dissolve', openid, { conversationId }, group.memberCount), createdAt: now, updatedAt: now } });
    });
  }
  const job = (await advanceNow(db, sdkPlatform(), jobId, INLINE_BUDGET_MS)) ?? existing;
  if (!job) throw new AppError(AppErrorCode.INTERNAL, 'the dissolve job went missing');
  return { conversationId, jobId, status: job.status, removedMembers: job.progress.done, ...(job.progress.total !== undefined ? { total: job.progress.total } : {}) };
}

/** The owner's view of a dissolve in progress (the settings page polls it). */
export async function dissolveProgress(db: Database, openid: string, req: Req<'dissolveProgress'>): Promise<DissolveAnswer> {
  const jobId = `dissolve_${req.conversationId}`;
  const job = await findById<JobDoc>(db, 'jobs', jobId);
  if (!job || job.ownerId !== openid) throw new AppError(AppErrorCode.NOT_FOUND, 'no dissolve of this group by you');
  return { conversationId: req.conversationId, jobId, status: job.status, removedMembers: job.progress.done, ...(job.progress.total !== undefined ? { total: job.progress.total } : {}) };
}
