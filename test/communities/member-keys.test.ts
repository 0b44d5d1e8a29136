// The memberKeys backfill (domain/server/jobs/kinds.ts): member documents written before listKey and
// nicknameKey existed are missing from member pages and nickname search, which walk those keys.
// The job fills them in _id order, 200 a step; here it is interrupted (the local cloud stopped
// mid-run and started again on the same data), resumed by the jobs timer, and afterwards every
// member is reached by the pages and by search, with the keys the join path would have written.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { Role } from '../../domain/permissions';
import { listKey, nicknameKey } from '../../domain/server/groups/member-keys';
import { insertGroup, insertUsers, okGroups } from './support';
import { closeUsers } from '../support/users';
import { waitFor } from '../support/wait';

const N = 1500;
const GID = 'keys-old';
const ids = Array.from({ length: N }, (_, i) => `k${String(i).padStart(5, '0')}`);
// One in five is called "Fifth ...": the search below must find all of them.
const nickname = (i: number) => (i % 5 === 0 ? `Fifth ${i}` : `Person ${i}`);

type Page = { members: Array<{ openid: string }>; nextCursor?: string; total: number };
type Job = { _id: string; status: string; progress: { done: number; cursor?: string } };
const jobsOfKind = async (cloud: LocalCloud) => (await cloud.db.find('jobs', { kind: 'memberKeys' })) as unknown as Job[];

async function everyPage(cloud: LocalCloud, request: Record<string, unknown>): Promise<{ seen: string[]; total: number }> {
  const seen: string[] = [];
  let total = -1;
  let cursor: string | undefined;
  do {
    const page = await okGroups<Page>(cloud, ids[3], { action: 'members', conversationId: GID, limit: 20, ...request, ...(cursor ? { cursor } : {}) });
    total = page.total;
    seen.push(...page.members.map((m) => m.openid));
    cursor = page.nextCursor;
  } while (cursor);
  return { seen, total };
}

let cloud: LocalCloud;
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
});

it('fills old member documents, resumes after an interruption, and then pages and search reach every member', async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  const dataDir = cloud.dataDir;
  await insertUsers(
    cloud,
    ids.map((openid, i) => ({ openid, nickname: nickname(i) })),
  );
  const members: Record<string, Role> = {};
  for (const id of ids) members[id] = 'member';
  members[ids[0]] = 'owner';
  members[ids[1]] = 'admin';
  await insertGroup(cloud, { conversationId: GID, members });
  // Documents as they were before the keys existed.
  await cloud.db.update('members', { conversationId: GID }, { $unset: { listKey: '', nicknameKey: '' } }, { multi: true });
  const joinedAt = new Map((await cloud.db.find('members', { conversationId: GID })).map((m) => [String(m.openid), new Date(m.joinedAt as Date).getTime()]));

  // Before the backfill the pages and search walk keys these documents do not have.
  expect((await everyPage(cloud, {})).seen.length).toBeLessThan(N);
  expect((await everyPage(cloud, { query: 'fifth' })).seen).toHaveLength(0);

  // Start the backfill and stop the cloud once it has filled a first step.
  const progressed = new Promise<void>((resolve) => {
    const off = cloud.db.onChange((e) => {
      if (e.collection === 'jobs' && e.after?.kind === 'memberKeys' && ((e.after.progress as { done?: number })?.done ?? 0) > 0) {
        off();
        resolve();
      }
    });
  });
  const run = cloud.functions.invoke('jobs', { enqueue: 'memberKeys', budgetMs: 30_000, leaseMs: 1_000 }).catch(() => undefined);
  await progressed;
  await cloud.stop();
  await run;
  await closeUsers();
  cloud = await startTestCloud({ functions: { timers: false }, dataDir });
  const [interrupted] = await jobsOfKind(cloud);
  expect(interrupted.status).toBe('running');
  expect(interrupted.progress.done).toBeLessThan(N);
  expect(await cloud.db.count('members', { conversationId: GID, listKey: { $exists: false } })).toBeGreaterThan(0);

  const done = await waitFor(
    async () => {
      const [job] = await jobsOfKind(cloud);
      if (job.status === 'done') return job;
      await cloud.functions.invoke('jobs', { leaseMs: 1_000 });
      return false;
    },
    'the memberKeys job to finish',
    90_000,
  );
  // Each document filled once; the step in flight at the stop may have filled some uncounted.
  expect(done.progress.done).toBeLessThanOrEqual(N);
  expect(done.progress.done).toBeGreaterThanOrEqual(N - 200);

  // Every document has the keys the join path writes.
  for (const m of await cloud.db.find('members', { conversationId: GID })) {
    const openid = String(m.openid);
    expect([openid, m.listKey, m.nicknameKey]).toEqual([openid, listKey(m.role as Role, joinedAt.get(openid)!, openid), nicknameKey(nickname(ids.indexOf(openid)), openid)]);
  }

  // Member pages reach every member exactly once, owner and admin first, then by join time.
  const list = await everyPage(cloud, {});
  expect(list.total).toBe(N);
  expect(list.seen).toEqual(ids);
  // Nickname search reaches every match.
  const fifths = await everyPage(cloud, { query: 'FIFTH' });
  expect(fifths.total).toBe(N / 5);
  expect(new Set(fifths.seen)).toEqual(new Set(ids.filter((_, i) => i % 5 === 0)));

  // Asking again the same day answers the finished job: nothing more is done.
  const again = (await cloud.functions.invoke('jobs', { enqueue: 'memberKeys' })) as { data: { advanced: number } };
  expect(again.data.advanced).toBe(0);
  expect(await jobsOfKind(cloud)).toEqual([done]);
}, 180_000);
