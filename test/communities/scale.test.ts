// Groups at scale, with the same code paths as 100,000 members at a size a test can afford:
// member pages by keyset cursor reach every member exactly once; readers count and page; the
// dissolve job answers at once, a retry answers the same job, and a job interrupted mid-step (the
// function killed, the local cloud restarted) resumes and finishes with nothing orphaned.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { memberId } from '../../domain/ids';
import type { Role } from '../../domain/permissions';
import { groupsAs, insertGroup, insertUsers, okGroups } from './support';
import { closeUsers, userOf } from '../support/users';
import { waitFor } from '../support/wait';

const N = 2000;
const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ openid: `${prefix}${String(i).padStart(5, '0')}`, nickname: i % 10 === 0 ? `Tenth ${i}` : `Member ${i}` }));

async function bigGroup(cloud: LocalCloud, gid: string, prefix: string, n = N): Promise<string[]> {
  const list = people(prefix, n);
  await insertUsers(cloud, list);
  const members: Record<string, Role> = {};
  for (const p of list) members[p.openid] = 'member';
  members[list[0].openid] = 'owner';
  members[list[1].openid] = 'admin';
  await insertGroup(cloud, { conversationId: gid, members });
  return list.map((p) => p.openid);
}

type JobRow = { _id: string; status: string; progress: { done: number; total?: number }; leaseUntil: number };
const jobOf = async (cloud: LocalCloud, id: string) => (await cloud.db.find('jobs', { _id: id }))[0] as unknown as JobRow | undefined;
const fireJobs = async (cloud: LocalCloud, event: Record<string, unknown> = {}) => (await cloud.functions.invoke('jobs', event)) as { ok: boolean; data: { advanced: number; finished: number } };

/** Nothing of the group left: no member document, no inbox entry. */
async function expectNothingOrphaned(cloud: LocalCloud, gid: string): Promise<void> {
  expect(await cloud.db.count('members', { conversationId: gid })).toBe(0);
  expect(await cloud.db.count('inboxes', { conversationIds: gid })).toBe(0);
}

describe('member pages and readers at a few thousand members', () => {
  let cloud: LocalCloud;
  const GID = 'scale-list';
  let ids: string[];
  beforeAll(async () => {
    cloud = await startTestCloud({ functions: { timers: false } });
    ids = await bigGroup(cloud, GID, 'l');
  });
  afterAll(async () => {
    await closeUsers();
    await cloud.stop();
  });

  it('pages by cursor through every member exactly once, owner and admin first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await okGroups<{ members: Array<{ openid: string; role: string }>; nextCursor?: string; total: number }>(cloud, ids[5], {
        action: 'members',
        conversationId: GID,
        limit: 20,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.total).toBe(N);
      seen.push(...page.members.map((m) => m.openid));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(N / 20);
    expect(seen.length).toBe(N);
    expect(new Set(seen).size).toBe(N);
    expect(seen.slice(0, 3)).toEqual([ids[0], ids[1], ids[2]]);
  });

  it('searches by nickname prefix with a count, paging by cursor', async () => {
    const first = await okGroups<{ members: Array<{ openid: string }>; nextCursor?: string; total: number }>(cloud, ids[5], { action: 'members', conversationId: GID, query: 'TENTH', limit: 20 });
    expect(first.total).toBe(N / 10);
    const all = [...first.members];
    for (let cursor = first.nextCursor; cursor;) {
      const page = await okGroups<{ members: Array<{ openid: string }>; nextCursor?: string }>(cloud, ids[5], { action: 'members', conversationId: GID, query: 'tenth', limit: 20, cursor });
      all.push(...page.members);
      cursor = page.nextCursor;
    }
    expect(new Set(all.map((m) => m.openid)).size).toBe(N / 10);
  });

  it('counts and pages the readers of a message through the (conversationId, lastReadSeq) index', async () => {
    await cloud.db.update('conversations', { _id: GID }, { $set: { seq: 10 } });
    // Every fourth member has read up to 10, the others up to 4.
    await cloud.db.update('members', { _id: { $in: ids.filter((_, i) => i % 4 === 0).map((id) => memberId(GID, id)) } }, { $set: { lastReadSeq: 10 } }, { multi: true });
    await cloud.db.update('members', { conversationId: GID, lastReadSeq: 0 }, { $set: { lastReadSeq: 4 } }, { multi: true });
    const asker = ids[0]; // has read 10 too, and is not counted
    const readers: string[] = [];
    let cursor: string | undefined;
    let total = -1;
    do {
      const res = (await userOf(cloud, asker).callFunction({ name: 'readers', data: { conversationId: GID, seq: 7, ...(cursor ? { cursor } : {}) } })) as unknown as {
        result: { ok: true; data: { total: number; readers: Array<{ openid: string }>; nextCursor?: string } };
      };
      total = res.result.data.total;
      readers.push(...res.result.data.readers.map((r) => r.openid));
      cursor = res.result.data.nextCursor;
    } while (cursor);
    expect(total).toBe(N / 4 - 1);
    expect(readers.length).toBe(N / 4 - 1);
    expect(new Set(readers).size).toBe(N / 4 - 1);
    expect(readers).not.toContain(asker);
  });
});

describe('the dissolve job', () => {
  it('answers at once, answers a retry with the same job, and finishes with nothing orphaned', async () => {
    const cloud = await startTestCloud({ functions: { timers: false } });
    try {
      const gid = 'scale-dissolve';
      const ids = await bigGroup(cloud, gid, 'd');
      const first = await okGroups<{ jobId: string; status: string; total: number }>(cloud, ids[0], { action: 'dissolve', conversationId: gid });
      expect(first).toMatchObject({ jobId: `dissolve_${gid}`, total: N });
      const retry = await groupsAs<{ jobId: string }>(cloud, ids[0], { action: 'dissolve', conversationId: gid });
      expect(retry).toMatchObject({ ok: true, data: { jobId: first.jobId } });
      // Somebody else asking learns nothing about it.
      expect(await groupsAs(cloud, ids[1], { action: 'dissolveProgress', conversationId: gid })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      await waitFor(
        async () => {
          if ((await jobOf(cloud, first.jobId))?.status !== 'done') await fireJobs(cloud);
          return (await jobOf(cloud, first.jobId))?.status === 'done';
        },
        'the dissolve job to finish',
        60_000,
      );
      const progress = await okGroups<{ status: string; removedMembers: number }>(cloud, ids[0], { action: 'dissolveProgress', conversationId: gid });
      expect(progress).toMatchObject({ status: 'done', removedMembers: N });
      await expectNothingOrphaned(cloud, gid);
      // The owner may read their own job (progress), nobody else; no client writes.
      const ownerDb = userOf(cloud, ids[0]).database();
      expect((await ownerDb.collection('jobs').where({ _id: first.jobId, ownerId: ids[0] }).get()).data).toHaveLength(1);
      await expect(userOf(cloud, ids[1]).database().collection('jobs').where({ _id: first.jobId, ownerId: ids[0] }).get()).rejects.toThrow();
      await expect(ownerDb.collection('jobs').add({ data: { _id: 'mine', kind: 'dissolve', ownerId: ids[0] } })).rejects.toThrow();
    } finally {
      await closeUsers();
      await cloud.stop();
    }
  });

  it('resumes after the function is killed mid-step and the local cloud restarts', async () => {
    let cloud = await startTestCloud({ functions: { timers: false } });
    const dataDir = cloud.dataDir;
    const gid = 'scale-crash';
    const jobId = `dissolve_${gid}`;
    try {
      const ids = await bigGroup(cloud, gid, 'c', 5000);
      // What the dissolve transaction writes (group marked, job created); the request itself would
      // also advance the job for 1.5 s, which here is left to the timer so that it can be cut off.
      const now = new Date();
      await cloud.db.update('conversations', { _id: gid }, { $set: { dissolvedAt: now, visibility: 'private', memberCount: 0 } });
      await cloud.db.insert('jobs', [
        {
          _id: jobId,
          kind: 'dissolve',
          ownerId: ids[0],
          params: { conversationId: gid },
          status: 'queued',
          progress: { phase: 0, done: 0, total: 5000 },
          leaseUntil: 0,
          runs: 0,
          createdAt: now,
          updatedAt: now,
        },
      ]);
      // Kill the run once it has made some progress: wait for that write, then stop the cloud
      // (which kills the function's process wherever it is in its step).
      const progressed = new Promise<void>((resolve) => {
        const off = cloud.db.onChange((e) => {
          if (e.collection === 'jobs' && e.id === jobId && ((e.after?.progress as { done?: number })?.done ?? 0) >= 400) {
            off();
            resolve();
          }
        });
      });
      const run = fireJobs(cloud, { budgetMs: 30_000, leaseMs: 1_000 }).catch(() => undefined);
      await progressed;
      await cloud.stop();
      await run;
      cloud = await startTestCloud({ functions: { timers: false }, dataDir });
      const left = await jobOf(cloud, jobId);
      expect(left?.status).toBe('running');
      expect(left!.progress.done).toBeGreaterThanOrEqual(400);
      expect(left!.progress.done).toBeLessThan(5000);
      // Resumed by the timer once the dead run's lease has expired.
      await waitFor(
        async () => {
          if ((await jobOf(cloud, jobId))?.status !== 'done') await fireJobs(cloud, { leaseMs: 1_000 });
          return (await jobOf(cloud, jobId))?.status === 'done';
        },
        'the resumed job to finish',
        60_000,
      );
      await expectNothingOrphaned(cloud, gid);
      // Each member removed once: a batch repeated after the crash finds its documents gone.
      expect((await jobOf(cloud, jobId))!.progress.done).toBeGreaterThanOrEqual(5000);
    } finally {
      await closeUsers();
      await cloud.stop();
    }
  });

  it('two timers never run one job at once (the lease)', async () => {
    const cloud = await startTestCloud({ functions: { timers: false } });
    try {
      const gid = 'scale-lease';
      const ids = await bigGroup(cloud, gid, 'e', 2000);
      const now = new Date();
      await cloud.db.update('conversations', { _id: gid }, { $set: { dissolvedAt: now, memberCount: 0 } });
      await cloud.db.insert('jobs', [
        {
          _id: `dissolve_${gid}`,
          kind: 'dissolve',
          ownerId: ids[0],
          params: { conversationId: gid },
          status: 'queued',
          progress: { phase: 0, done: 0 },
          leaseUntil: 0,
          runs: 0,
          createdAt: now,
          updatedAt: now,
        },
      ]);
      const [a, b] = await Promise.all([fireJobs(cloud), fireJobs(cloud)]);
      expect(a.data.advanced + b.data.advanced).toBe(1);
      expect((await jobOf(cloud, `dissolve_${gid}`))?.status).toBe('done');
      await expectNothingOrphaned(cloud, gid);
    } finally {
      await closeUsers();
      await cloud.stop();
    }
  });
});
