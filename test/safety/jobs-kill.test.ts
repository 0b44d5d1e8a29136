// The resumable jobs (domain/server/jobs) interrupted mid-way and resumed, for each kind that does
// real work: dissolve, leave with erase, account deletion and retention. Two ways to die:
// - the function instance killed mid-batch: SIGKILLed (cloud.functions.killRunning, what SCF does
//   at a timeout) the moment the run's first progress write lands;
// - the whole local cloud stopped once the run has made progress, and started again on the same
//   data directory (write-ahead log + snapshot).
// Then the jobs timer resumes the job once the dead run's lease expires, and finishes it: no member
// document, inbox entry or message of the work left, the job's progress right, and another run
// finds nothing to do and changes nothing.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { Role } from '../../domain/permissions';
import { memberId } from '../../domain/ids';
import { newJob, type JobDoc, type JobKind } from '../../domain/server/jobs';
import { insertGroup, insertUsers } from '../communities/support';
import { waitFor } from '../support/wait';

const MEMBERS = 3000;
const MESSAGES = 3000;
const DAY_MS = 86_400_000;

type Job = JobDoc & { result?: Record<string, unknown> };
const jobOf = async (cloud: LocalCloud, id: string) => (await cloud.db.find('jobs', { _id: id }))[0] as unknown as Job | undefined;
type RunReport = { advanced: number; finished: number };
const runJobs = (cloud: LocalCloud, event: Record<string, unknown> = {}) => cloud.functions.invoke('jobs', event) as Promise<{ ok: boolean; data: RunReport }>;

interface Scenario {
  kind: JobKind;
  /** Writes the data and the job document (as the starting request would); returns the job id. */
  seed(cloud: LocalCloud): Promise<string>;
  /** How much the job has to do (the unit of progress.done). */
  total: number;
  /** Nothing of the work left behind. */
  expectFinished(cloud: LocalCloud, job: Job): Promise<void>;
}

const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

async function group(cloud: LocalCloud, gid: string, ids: string[]): Promise<void> {
  await insertUsers(
    cloud,
    ids.map((openid) => ({ openid })),
  );
  const members: Record<string, Role> = {};
  for (const id of ids) members[id] = 'member';
  members[ids[0]] = 'owner';
  await insertGroup(cloud, { conversationId: gid, members });
}

function messagesOf(gid: string, openid: string, n: number, writtenAt: Date) {
  return Array.from({ length: n }, (_, i) => ({
    _id: `${gid}-m${i}`,
    conversationId: gid,
    seq: i + 1,
    status: 'visible',
    type: 'text',
    content: { text: `message ${i}` },
    _openid: openid,
    writtenAt,
    createdAt: writtenAt,
    clientTime: writtenAt.getTime(),
  }));
}

async function insertJob(cloud: LocalCloud, id: string, job: ReturnType<typeof newJob>): Promise<string> {
  const now = new Date();
  await cloud.db.insert('jobs', [{ _id: id, ...job, createdAt: now, updatedAt: now }]);
  return id;
}

const SCENARIOS: Scenario[] = [
  {
    kind: 'dissolve',
    total: MEMBERS,
    async seed(cloud) {
      const ids = people('d', MEMBERS);
      await group(cloud, 'kill-dissolve', ids);
      // What the dissolve transaction writes before the job runs (domain/server/groups/profile.ts).
      await cloud.db.update('conversations', { _id: 'kill-dissolve' }, { $set: { dissolvedAt: new Date(), visibility: 'private', memberCount: 0 } });
      return insertJob(cloud, 'dissolve_kill-dissolve', newJob('dissolve', ids[0], { conversationId: 'kill-dissolve' }, MEMBERS));
    },
    async expectFinished(cloud, job) {
      expect(await cloud.db.count('members', { conversationId: 'kill-dissolve' })).toBe(0);
      expect(await cloud.db.count('inboxes', { conversationIds: 'kill-dissolve' })).toBe(0);
      expect(job.result?.removedMembers).toBe(job.progress.done);
    },
  },
  {
    kind: 'erase',
    total: MESSAGES,
    async seed(cloud) {
      const ids = people('e', 20);
      await group(cloud, 'kill-erase', ids);
      await cloud.db.insert('messages', messagesOf('kill-erase', ids[5], MESSAGES, new Date()));
      // The leave transaction has already dropped the membership.
      await cloud.db.remove('members', { _id: memberId('kill-erase', ids[5]) });
      return insertJob(cloud, `erase_kill-erase_${ids[5]}`, newJob('erase', ids[5], { conversationId: 'kill-erase', openid: ids[5] }));
    },
    async expectFinished(cloud, job) {
      expect(await cloud.db.count('messages', { conversationId: 'kill-erase', status: { $ne: 'recalled' } })).toBe(0);
      expect(await cloud.db.count('messages', { conversationId: 'kill-erase', content: { $exists: true } })).toBe(0);
      expect(job.result?.erased).toBe(job.progress.done);
    },
  },
  {
    kind: 'account',
    // Its messages, then its 3 memberships.
    total: MESSAGES + 3,
    async seed(cloud) {
      const ids = people('a', 30);
      const who = ids[7];
      await insertUsers(
        cloud,
        ids.map((openid) => ({ openid })),
      );
      for (let g = 0; g < 3; g++) {
        const members: Record<string, Role> = {};
        for (const id of ids) members[id] = 'member';
        members[ids[g]] = 'owner';
        await insertGroup(cloud, { conversationId: `kill-acct${g}`, members });
      }
      await cloud.db.insert('messages', messagesOf('kill-acct0', who, MESSAGES, new Date()));
      return insertJob(cloud, 'account_kill', newJob('account', who, { openid: who, choice: 'delete', tombstone: 'deleted_kill' }));
    },
    async expectFinished(cloud) {
      const who = people('a', 30)[7];
      expect(await cloud.db.count('messages', { _openid: who })).toBe(0);
      expect(await cloud.db.count('messages', { conversationId: 'kill-acct0' })).toBe(0);
      expect(await cloud.db.count('members', { openid: who })).toBe(0);
      expect(await cloud.db.count('inboxes', { _id: who })).toBe(0);
      expect(await cloud.db.count('users', { _id: who })).toBe(0);
      // 30 members each, the person gone once from each (a repeated step does not count twice).
      for (let g = 0; g < 3; g++) expect((await cloud.db.find('conversations', { _id: `kill-acct${g}` }))[0].memberCount).toBe(29);
    },
  },
  {
    kind: 'retention',
    total: MESSAGES * 2,
    async seed(cloud) {
      const ids = people('r', 10);
      const now = Date.now();
      for (const gid of ['kill-ret1', 'kill-ret2']) {
        await group(cloud, gid, gid === 'kill-ret1' ? ids : ids.map((id) => `${id}b`));
        await cloud.db.update('conversations', { _id: gid }, { $set: { 'settings.retentionDays': 7 } });
        await cloud.db.insert('messages', messagesOf(gid, ids[1], MESSAGES, new Date(now - 30 * DAY_MS)));
      }
      // Recent messages stay.
      await cloud.db.insert(
        'messages',
        messagesOf('kill-ret-new', ids[1], 10, new Date(now)).map((m, i) => ({ ...m, conversationId: 'kill-ret1', seq: MESSAGES + i + 1 })),
      );
      return insertJob(cloud, 'retention_kill', newJob('retention', '', { now }));
    },
    async expectFinished(cloud, job) {
      expect(await cloud.db.count('messages', { conversationId: { $in: ['kill-ret1', 'kill-ret2'] } })).toBe(10);
      expect(job.result?.messagesDeleted).toBe(job.progress.done);
    },
  },
];

/** Mid-way: not done, and not more done than there was. */
function expectInterrupted(job: Job | undefined, total: number): void {
  expect(job?.status).toBe('running');
  expect(job!.progress.done).toBeLessThan(total);
}

/** Runs the jobs timer until the job is done (each run waits for the dead run's lease to lapse). */
async function resume(cloud: LocalCloud, jobId: string): Promise<Job> {
  return waitFor(
    async () => {
      const job = await jobOf(cloud, jobId);
      if (job?.status === 'done') return job;
      await runJobs(cloud, { leaseMs: 1_000 });
      return false;
    },
    `${jobId} to finish`,
    90_000,
  );
}

/** Finished right, and a further run finds nothing to do and changes nothing. */
async function expectDoneAndIdle(cloud: LocalCloud, s: Scenario, jobId: string, job: Job): Promise<void> {
  expect(job.progress.phase).toBeGreaterThan(0);
  // Each document is counted once at most; the batch in flight when the run died may go uncounted
  // (its writes committed, its progress write never came): at most one batch short.
  expect(job.progress.done).toBeLessThanOrEqual(s.total);
  expect(job.progress.done).toBeGreaterThanOrEqual(s.total - 500);
  await s.expectFinished(cloud, job);
  const before = { job: await jobOf(cloud, jobId), messages: await cloud.db.count('messages', {}), members: await cloud.db.count('members', {}) };
  const again = await runJobs(cloud);
  expect(again.data.advanced).toBe(0);
  expect({ job: await jobOf(cloud, jobId), messages: await cloud.db.count('messages', {}), members: await cloud.db.count('members', {}) }).toEqual(before);
}

describe.each(SCENARIOS)('the $kind job', (s) => {
  it('resumes after its function instance is killed mid-batch (the SIGKILL of a timeout) and finishes with nothing left', async () => {
    const cloud = await startTestCloud({ functions: { timers: false } });
    try {
      const jobId = await s.seed(cloud);
      // Killed the moment its first progress write lands, so the next batch is under way: at any
      // machine speed the run dies mid-job (a timeout sends the same SIGKILL, only at a moment the
      // machine's speed decides).
      let kills = 0;
      const off = cloud.db.onChange((e) => {
        if (e.collection === 'jobs' && e.id === jobId && ((e.after?.progress as { done?: number })?.done ?? 0) > 0) {
          off();
          kills = cloud.functions.killRunning('jobs');
        }
      });
      const killed = await runJobs(cloud, { budgetMs: 30_000, leaseMs: 1_000 }).catch((err: unknown) => err);
      expect(kills).toBe(1);
      expect(String((killed as Error)?.message ?? JSON.stringify(killed))).toMatch(/exited|SIGKILL/i);
      expectInterrupted(await jobOf(cloud, jobId), s.total);
      const job = await resume(cloud, jobId);
      await expectDoneAndIdle(cloud, s, jobId, job);
    } finally {
      await cloud.stop();
    }
  }, 180_000);

  it('resumes after the local cloud is restarted mid-run on the same data and finishes with nothing left', async () => {
    let cloud = await startTestCloud({ functions: { timers: false } });
    const dataDir = cloud.dataDir;
    try {
      const jobId = await s.seed(cloud);
      // Stop the cloud (killing the function's process wherever it is) once a progress write shows
      // the run is under way.
      const progressed = new Promise<void>((resolve) => {
        const off = cloud.db.onChange((e) => {
          if (e.collection === 'jobs' && e.id === jobId && ((e.after?.progress as { done?: number })?.done ?? 0) > 0) {
            off();
            resolve();
          }
        });
      });
      const run = runJobs(cloud, { budgetMs: 30_000, leaseMs: 1_000 }).catch(() => undefined);
      await progressed;
      await cloud.stop();
      await run;
      cloud = await startTestCloud({ functions: { timers: false }, dataDir });
      expectInterrupted(await jobOf(cloud, jobId), s.total);
      const job = await resume(cloud, jobId);
      await expectDoneAndIdle(cloud, s, jobId, job);
    } finally {
      await cloud.stop();
    }
  }, 180_000);
});
