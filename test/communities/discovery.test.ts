// Discovery over a seeded directory of 1,002 groups through the real groups function: substring
// search in Chinese and English (any case, full-width), categories, paging, recommendations, and
// private groups absent from every answer to non-members. The expected sets come from a plain
// filter over the generator's data (the oracle), not from the code under test.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import type { GroupPage, GroupPreview, GroupSummary } from '../../domain/server/groups/types';
import { codeOf, groupsAs, insertGroup, insertUsers, okGroups } from './support';
import { closeUsers } from '../support/users';
import { directoryGroups, DirectoryGroup, insertDirectory } from './directory-data';

let cloud: LocalCloud;
const GROUPS = directoryGroups(1000);
const PRIVATE_IDS = new Set(GROUPS.filter((g) => g.visibility === 'private').map((g) => g._id));

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  await insertUsers(cloud, [
    { openid: 'reader', interests: ['Jazz'] },
    { openid: 'insider', interests: [] },
  ]);
  await insertDirectory(cloud, GROUPS);
});
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
});

/** Every page of a listing, following nextOffset. */
async function all(data: Record<string, unknown>, who = 'reader'): Promise<GroupSummary[]> {
  const out: GroupSummary[] = [];
  for (let offset: number | undefined = 0; offset !== undefined;) {
    const page: GroupPage = await okGroups<GroupPage>(cloud, who, { ...data, offset });
    expect(page.groups.length).toBeLessThanOrEqual(20);
    out.push(...page.groups);
    offset = page.nextOffset;
  }
  return out;
}

function oracle(query: string): string[] {
  const q = query.normalize('NFKC').toLowerCase();
  const hay = (g: DirectoryGroup) => [g.name, g.category, ...g.tags].join(' ').normalize('NFKC').toLowerCase();
  return GROUPS.filter((g) => g.visibility === 'public' && hay(g).includes(q))
    .map((g) => g._id)
    .sort();
}

describe('search', () => {
  // Counts reasoned from the generator: topic i % 8, city floor(i / 8) % 5, private when
  // i % 10 == 7. Hiking (i % 8 == 0) is never private (even vs odd): 125. Jazz (i % 8 == 5) is
  // private when i % 40 == 37: 125 - 25. Reading (i % 8 == 3) when i % 40 == 27: 100. Beijing
  // (i % 40 < 8) loses i % 40 == 7: 200 - 25. Jazz in Shanghai is i % 40 == 13: 25, none private.
  // '#99' is 99 and 990-999 without the private 997: 10.
  it.each([
    ['徒步', 125],
    ['北京', 175],
    ['读书', 100],
    ['hiking', 125],
    ['HIKING', 125],
    ['hIk', 125],
    ['ｊａｚｚ', 100],
    ['shanghai jazz', 0],
    ['jazz lovers shanghai', 25],
    ['c++', 1],
    ['(beginners)', 1],
    ['#99', 10],
    ['secret', 0],
    ['秘密', 0],
  ])('%s finds exactly the public groups whose name, category or tags contain it (%i)', async (query, count) => {
    const found = await all({ action: 'search', query });
    const ids = found.map((g) => g.conversationId).sort();
    expect(ids).toEqual(oracle(query));
    expect(ids).toHaveLength(count);
    expect(found.filter((g) => PRIVATE_IDS.has(g.conversationId) || g.visibility !== 'public')).toEqual([]);
    // Biggest first.
    const sizes = found.map((g) => g.memberCount);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('narrows by category', async () => {
    const found = await all({ action: 'search', query: '北京', category: 'music' });
    expect(found.map((g) => g.conversationId).sort()).toEqual(
      GROUPS.filter((g) => g.visibility === 'public' && g.category === 'music' && g.name.includes('北京'))
        .map((g) => g._id)
        .sort(),
    );
  });

  it('treats the query as text, never as a pattern', async () => {
    expect(await all({ action: 'search', query: '.*' })).toEqual([]);
  });
});

describe('directory', () => {
  it.each(['outdoors', 'music', 'tech'])('category %s lists its public groups, most recently active first', async (category) => {
    const found = await all({ action: 'directory', category });
    const expected = GROUPS.filter((g) => g.visibility === 'public' && g.category === category);
    expect(found.map((g) => g.conversationId).sort()).toEqual(expected.map((g) => g._id).sort());
    const times = found.map((g) => +new Date(g.lastActiveAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('the whole directory holds every public group and no private one', async () => {
    const found = await all({ action: 'directory' });
    expect(found).toHaveLength(GROUPS.filter((g) => g.visibility === 'public').length);
    expect(found.some((g) => PRIVATE_IDS.has(g.conversationId))).toBe(false);
  });
});

describe('recommendations and previews', () => {
  it('recommends groups matching the user’s interests, never private ones or the user’s own', async () => {
    await insertGroup(cloud, { conversationId: 'jazz-mine', name: 'My Jazz Band', members: { reader: 'owner' } });
    await cloud.db.update('conversations', { _id: 'jazz-mine' }, { $set: { tags: ['jazz'], memberCount: 400, updatedAt: new Date() } });
    const { groups } = await okGroups<{ groups: Array<GroupSummary & { score: number }> }>(cloud, 'reader', { action: 'recommend', limit: 10 });
    expect(groups).toHaveLength(10);
    for (const g of groups) {
      expect(g.tags).toContain('jazz');
      expect(PRIVATE_IDS.has(g.conversationId)).toBe(false);
    }
    expect(groups.map((g) => g.conversationId)).not.toContain('jazz-mine');
    const scores = groups.map((g) => g.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('previews a public group with its newest messages; a private one is NOT_FOUND to outsiders', async () => {
    const id = GROUPS.find((g) => g.visibility === 'public')!._id;
    await cloud.db.insert(
      'messages',
      [1, 2, 3].map((seq) => ({
        _id: `pv${seq}xxxxxxxxx`,
        conversationId: id,
        _openid: 'insider',
        type: 'text',
        content: { text: `m${seq}` },
        status: 'visible',
        seq,
        clientTime: 0,
        writtenAt: new Date(),
        createdAt: new Date(),
      })),
    );
    const preview = await okGroups<GroupPreview>(cloud, 'reader', { action: 'preview', conversationId: id });
    expect(preview).toMatchObject({ standing: 'none', requested: false, group: { conversationId: id, visibility: 'public' } });
    expect(preview.recentMessages.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
    expect(codeOf(await groupsAs(cloud, 'reader', { action: 'preview', conversationId: 'dir-secret' }))).toBe('NOT_FOUND');
    expect(codeOf(await groupsAs(cloud, 'reader', { action: 'preview', conversationId: 'no-such-group' }))).toBe('NOT_FOUND');
  });

  it('a member previews their private group; an invitation holder sees its profile without messages', async () => {
    await insertGroup(cloud, { conversationId: 'priv-club', visibility: 'private', joinPolicy: 'invite', members: { insider: 'owner' } });
    await cloud.db.insert('messages', [
      {
        _id: 'privmsg1xxxxxx',
        conversationId: 'priv-club',
        _openid: 'insider',
        type: 'text',
        content: { text: 'members only' },
        status: 'visible',
        seq: 1,
        clientTime: 0,
        writtenAt: new Date(),
        createdAt: new Date(),
      },
    ]);
    const own = await okGroups<GroupPreview>(cloud, 'insider', { action: 'preview', conversationId: 'priv-club' });
    expect(own.recentMessages.map((m) => m.text)).toEqual(['members only']);
    const { token } = await okGroups<{ token: string }>(cloud, 'insider', { action: 'createInvitation', conversationId: 'priv-club', kind: 'share' });
    const invited = await okGroups<GroupPreview>(cloud, 'reader', { action: 'preview', conversationId: 'priv-club', token });
    expect(invited).toMatchObject({ standing: 'none', group: { conversationId: 'priv-club' }, recentMessages: [] });
    expect(codeOf(await groupsAs(cloud, 'reader', { action: 'preview', conversationId: 'priv-club' }))).toBe('NOT_FOUND');
  });
});
