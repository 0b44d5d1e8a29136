// Account deletion as a job: interrupted mid-way (the function killed by stopping the local cloud,
// then the cloud restarted on the same data), resumed by the jobs timer, finished, nothing left:
// no message, membership, inbox or profile of the person, and the job keeps no trace of the openid.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { Role } from '../../domain/permissions';
import { insertGroup, insertUsers } from '../communities/support';
import { closeUsers, userOf } from '../support/users';
import { waitFor } from '../support/wait';

const WHO = 'leaving-person';
const MESSAGES = 5000;

it('resumes an interrupted deletion and leaves nothing of the person behind', async () => {
  let cloud: LocalCloud = await startTestCloud({ functions: { timers: false } });
  const dataDir = cloud.dataDir;
  try {
    await insertUsers(cloud, [{ openid: WHO, nickname: 'Leaving' }, ...Array.from({ length: 30 }, (_, i) => ({ openid: `other${i}` }))]);
    for (let g = 0; g < 3; g++) {
      const members: Record<string, Role> = { [`other${g}`]: 'owner', [WHO]: 'member' };
      for (let i = 3; i < 30; i++) members[`other${i}`] = 'member';
      await insertGroup(cloud, { conversationId: `acct-g${g}`, members });
    }
    const now = new Date();
    await cloud.db.insert(
      'messages',
      Array.from({ length: MESSAGES }, (_, i) => ({
        _id: `acct-m${i}`,
        conversationId: `acct-g${i % 3}`,
        seq: i + 1,
        status: 'visible',
        type: 'text',
        content: { text: `mine ${i}` },
        _openid: WHO,
        writtenAt: now,
        createdAt: now,
        clientTime: now.getTime(),
      })),
    );
    const progressed = new Promise<string>((resolve) => {
      const off = cloud.db.onChange((e) => {
        if (e.collection === 'jobs' && e.after?.kind === 'account' && ((e.after.progress as { done?: number })?.done ?? 0) >= 400) {
          off();
          resolve(String(e.id));
        }
      });
    });
    const request = userOf(cloud, WHO)
      .callFunction({ name: 'account', data: { action: 'delete', messages: 'anonymise', confirm: 'DELETE' } })
      .catch(() => 'killed');
    const jobId = await progressed;
    await cloud.stop();
    await request;
    await closeUsers();
    cloud = await startTestCloud({ functions: { timers: false }, dataDir });
    const left = (await cloud.db.find('jobs', { _id: jobId }))[0] as unknown as { status: string; leaseUntil: number };
    expect(left.status).toBe('running');
    await waitFor(
      async () => {
        const job = (await cloud.db.find('jobs', { _id: jobId }))[0] as unknown as { status: string };
        if (job.status !== 'done') await cloud.functions.invoke('jobs', { leaseMs: 1000 });
        return ((await cloud.db.find('jobs', { _id: jobId }))[0] as unknown as { status: string }).status === 'done';
      },
      'the account job to finish',
      90_000,
    );
    expect(await cloud.db.count('messages', { _openid: WHO })).toBe(0);
    expect(await cloud.db.count('members', { openid: WHO })).toBe(0);
    expect(await cloud.db.count('inboxes', { _id: WHO })).toBe(0);
    expect(await cloud.db.count('users', { _id: WHO })).toBe(0);
    for (let g = 0; g < 3; g++) expect((await cloud.db.find('conversations', { _id: `acct-g${g}` }))[0].memberCount).toBe(28); // 29 members, the person gone once (a repeated step does not count twice)
    const job = (await cloud.db.find('jobs', { _id: jobId }))[0];
    expect(JSON.stringify(job)).not.toContain(WHO);
    expect(jobId).not.toContain(WHO);
  } finally {
    await closeUsers();
    await cloud.stop();
  }
}, 180_000);
