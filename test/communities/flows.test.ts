// Group life through the real groups function: create, edit, join, roles, leave, dissolve; the
// system messages they leave in the chat (one seq path with deliver) and their audit entries.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { memberId } from '../../domain/ids';
import { codeOf, groupsAs, insertGroup, insertUsers, okGroups } from './support';
import { closeUsers, userOf } from '../support/users';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  await insertUsers(
    cloud,
    ['olivia', 'adam', 'mia', 'nora', 'zed'].map((openid) => ({ openid, nickname: openid[0].toUpperCase() + openid.slice(1) })),
  );
});
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
});

async function timeline(conversationId: string): Promise<Array<[number, string, string]>> {
  const docs = await cloud.db.find('messages', { conversationId, status: 'visible' }, { sort: { seq: 1 } });
  return docs.map((m) => [m.seq as number, (m.system as { event?: string } | undefined)?.event ?? String(m.type), (m.content as { text?: string }).text ?? '']);
}

describe('a group from creation to dissolution', () => {
  let gid: string;

  it('creates the group with its owner, settings, search text and a first system message', async () => {
    gid = (
      await okGroups<{ conversationId: string }>(cloud, 'olivia', {
        action: 'create',
        name: 'Trail Runners 越野跑',
        description: 'Weekend trails',
        avatarUrl: 'cloud://env/avatars/trail.png',
        category: 'outdoors',
        tags: ['Running', '越野'],
        visibility: 'public',
        joinPolicy: 'open',
        settings: { slowModeSeconds: 10 },
      })
    ).conversationId;
    const [conv] = await cloud.db.find('conversations', { _id: gid });
    expect(conv).toMatchObject({ ownerId: 'olivia', memberCount: 1, seq: 1, searchText: 'trail runners 越野跑 | outdoors | running | 越野 | trailrunnersyueyepao tryyp' });
    expect(conv.settings).toEqual({ membersMayInvite: true, historyForNewMembers: true, fileSharing: true, slowModeSeconds: 10, muteAll: false });
    expect((await cloud.db.find('members', { _id: memberId(gid, 'olivia') }))[0].role).toBe('owner');
    expect(await timeline(gid)).toEqual([[1, 'created', 'Olivia 创建了群聊']]);
    expect(await cloud.db.count('audit_logs', { conversationId: gid, action: 'create', actorId: 'olivia' })).toBe(1);
  });

  it('refuses an avatar that is not an uploaded cloud file, and unknown settings', async () => {
    expect(codeOf(await groupsAs(cloud, 'olivia', { action: 'update', conversationId: gid, avatarUrl: 'https://evil.example/x.png' }))).toBe('INVALID_INPUT');
    expect(codeOf(await groupsAs(cloud, 'olivia', { action: 'update', conversationId: gid, settings: { muteAll: true } }))).toBe('INVALID_INPUT');
  });

  it('joins, promotes, edits settings and pins, each with its line in the chat', async () => {
    for (const who of ['adam', 'mia', 'nora']) expect(await okGroups(cloud, who, { action: 'join', conversationId: gid })).toEqual({ conversationId: gid, status: 'joined' });
    expect(await okGroups(cloud, 'adam', { action: 'join', conversationId: gid })).toEqual({ conversationId: gid, status: 'member' });
    await okGroups(cloud, 'olivia', { action: 'promote', conversationId: gid, openid: 'adam' });
    const edit = await okGroups(cloud, 'adam', { action: 'update', conversationId: gid, name: 'Trail Runners', settings: { membersMayInvite: false, slowModeSeconds: 10 } });
    expect(edit).toEqual({ conversationId: gid, changed: ['name', 'membersMayInvite'] });
    await okGroups(cloud, 'adam', { action: 'setAnnouncement', conversationId: gid, text: 'Saturday 8:00 at the gate' });
    expect((await timeline(gid)).slice(1)).toEqual([
      [2, 'joined', 'Adam 加入了群聊'],
      [3, 'joined', 'Mia 加入了群聊'],
      [4, 'joined', 'Nora 加入了群聊'],
      [5, 'promoted', 'Olivia 将 Adam 设为管理员'],
      [6, 'settingsChanged', 'Adam 修改了群设置：成员不可邀请'],
      [7, 'announcement', 'Adam 发布了群公告'],
    ]);
    const [conv] = await cloud.db.find('conversations', { _id: gid });
    expect(conv).toMatchObject({ name: 'Trail Runners', searchText: 'trail runners | outdoors | running | 越野 | trailrunners tr', announcement: 'Saturday 8:00 at the gate', memberCount: 4, seq: 7 });
    expect(conv.lastMessage).toMatchObject({ seq: 7, senderId: 'system', type: 'system', preview: 'Adam 发布了群公告' });
  });

  it('system messages and member messages share one seq sequence', async () => {
    const mia = userOf(cloud, 'mia');
    const db = mia.database();
    const id = `m${Date.now().toString(36)}abcdefgh`;
    await db.collection('messages').add({ data: { _id: id, conversationId: gid, type: 'text', content: { text: 'hi all' }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
    const [delivered] = await Promise.all([mia.callFunction({ name: 'deliver', data: { messageId: id } }), okGroups(cloud, 'olivia', { action: 'remove', conversationId: gid, openid: 'nora' })]);
    expect((delivered as { result: { ok: boolean } }).result.ok).toBe(true);
    const seqs = (await timeline(gid)).map(([s]) => s);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('transfers ownership; the old owner, now an admin, may leave; the owner may not', async () => {
    expect(codeOf(await groupsAs(cloud, 'olivia', { action: 'leave', conversationId: gid }))).toBe('OWNER_MUST_TRANSFER');
    await okGroups(cloud, 'olivia', { action: 'transfer', conversationId: gid, openid: 'mia' });
    expect((await cloud.db.find('conversations', { _id: gid }))[0].ownerId).toBe('mia');
    expect((await cloud.db.find('members', { _id: memberId(gid, 'olivia') }))[0].role).toBe('admin');
    expect(await okGroups(cloud, 'olivia', { action: 'leave', conversationId: gid })).toEqual({ conversationId: gid, erased: 0 });
    expect(await cloud.db.count('members', { _id: memberId(gid, 'olivia') })).toBe(0);
    expect((await cloud.db.find('inboxes', { _id: 'olivia' }))[0].conversationIds).not.toContain(gid);
    const lines = (await timeline(gid)).slice(-2).map(([, e, text]) => [e, text]);
    expect(lines).toEqual([
      ['ownerTransferred', 'Olivia 将群主转让给 Mia'],
      ['left', 'Olivia 退出了群聊'],
    ]);
  });

  it('leaving with eraseMyMessages recalls what the leaver wrote', async () => {
    await okGroups(cloud, 'zed', { action: 'join', conversationId: gid });
    const zed = userOf(cloud, 'zed');
    const db = zed.database();
    const ids = [`z${Date.now().toString(36)}aaaaaaaa`, `z${Date.now().toString(36)}bbbbbbbb`];
    for (const id of ids) {
      await db.collection('messages').add({ data: { _id: id, conversationId: gid, type: 'text', content: { text: 'bye' }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
      await zed.callFunction({ name: 'deliver', data: { messageId: id } });
    }
    expect(await okGroups(cloud, 'zed', { action: 'leave', conversationId: gid, eraseMyMessages: true })).toMatchObject({ conversationId: gid, erased: 2, status: 'done' });
    const recalled = await cloud.db.find('messages', { _id: { $in: ids } });
    expect(recalled.map((m) => [m.status, m.content])).toEqual([
      ['recalled', undefined],
      ['recalled', undefined],
    ]);
  });

  it('dissolves: members, inbox entries and the directory entry go; joining finds nothing', async () => {
    const before = (await cloud.db.find('conversations', { _id: gid }))[0].memberCount as number;
    const res = await okGroups<{ removedMembers: number }>(cloud, 'mia', { action: 'dissolve', conversationId: gid });
    expect(res.removedMembers).toBe(before);
    expect(await cloud.db.count('members', { conversationId: gid })).toBe(0);
    for (const who of ['mia', 'adam']) expect((await cloud.db.find('inboxes', { _id: who }))[0].conversationIds).not.toContain(gid);
    expect((await cloud.db.find('conversations', { _id: gid }))[0]).toMatchObject({ visibility: 'private', memberCount: 0 });
    expect(codeOf(await groupsAs(cloud, 'nora', { action: 'join', conversationId: gid }))).toBe('NOT_FOUND');
    expect((await timeline(gid)).at(-1)?.[1]).toBe('dissolved');
  });
});

describe('member list and notification settings', () => {
  const GID = 'list-g';
  beforeAll(async () => {
    const people = Array.from({ length: 25 }, (_, i) => ({ openid: `p${String(i).padStart(2, '0')}`, nickname: i % 5 === 0 ? `小明 Ming ${i}` : `Person ${i}` }));
    await insertUsers(cloud, people);
    const members: Record<string, 'owner' | 'admin' | 'member'> = {};
    for (const p of people) members[p.openid] = 'member';
    members.p24 = 'owner';
    members.p10 = 'admin';
    await insertGroup(cloud, { conversationId: GID, members });
  });

  it('pages staff first (owner, admins), then members by join time, by keyset cursor', async () => {
    type Page = { members: Array<{ openid: string; role: string }>; nextCursor?: string; total: number };
    const first = await okGroups<Page>(cloud, 'p03', { action: 'members', conversationId: GID, limit: 10 });
    expect(first.total).toBe(25);
    expect(first.members.map((m) => m.openid)).toEqual(['p24', 'p10', 'p00', 'p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await okGroups<Page>(cloud, 'p03', { action: 'members', conversationId: GID, limit: 20, cursor: first.nextCursor });
    expect(rest.members.map((m) => m.openid)).toEqual(['p08', 'p09', 'p11', 'p12', 'p13', 'p14', 'p15', 'p16', 'p17', 'p18', 'p19', 'p20', 'p21', 'p22', 'p23']);
    expect(rest.nextCursor).toBeUndefined();
    expect(codeOf(await groupsAs(cloud, 'p03', { action: 'members', conversationId: GID, offset: 10 }))).toBe('INVALID_INPUT');
  });

  it('searches members by nickname prefix, in Chinese or any case, with a count and cursor', async () => {
    for (const query of ['小明', '小明 m', '小明 MING']) {
      const found = await okGroups<{ members: Array<{ openid: string; nickname: string; role: string }>; total: number }>(cloud, 'p03', { action: 'members', conversationId: GID, query });
      // ordered by the normalised name ('小明 ming 0' < '小明 ming 10' < ...), openid breaking ties
      expect(found.members.map((m) => [m.openid, m.role])).toEqual([
        ['p00', 'member'],
        ['p10', 'admin'],
        ['p15', 'member'],
        ['p20', 'member'],
        ['p05', 'member'],
      ]);
      expect(found.total).toBe(5);
    }
    const two = await okGroups<{ members: Array<{ openid: string }>; nextCursor?: string }>(cloud, 'p03', { action: 'members', conversationId: GID, query: 'person', limit: 12 });
    const more = await okGroups<{ members: Array<{ openid: string }>; nextCursor?: string }>(cloud, 'p03', {
      action: 'members',
      conversationId: GID,
      query: 'person',
      limit: 12,
      cursor: two.nextCursor,
    });
    expect(new Set([...two.members, ...more.members].map((m) => m.openid)).size).toBe(20);
    expect(more.nextCursor).toBeUndefined();
  });

  it('keeps the search key in step with a nickname change', async () => {
    const before = await okGroups<{ total: number }>(cloud, 'p03', { action: 'members', conversationId: GID, query: 'zed' });
    expect(before.total).toBe(0);
    const res = (await userOf(cloud, 'p07').callFunction({ name: 'profile', data: { nickname: 'Zed Seven' } })) as unknown as { result: { ok: boolean } };
    expect(res.result.ok).toBe(true);
    const after = await okGroups<{ members: Array<{ openid: string }>; total: number }>(cloud, 'p03', { action: 'members', conversationId: GID, query: 'zed' });
    expect(after.members.map((m) => m.openid)).toEqual(['p07']);
  });

  it('keeps each member’s notification setting', async () => {
    await okGroups(cloud, 'p03', { action: 'setNotify', conversationId: GID, notify: 'mentions' });
    expect((await cloud.db.find('members', { _id: memberId(GID, 'p03') }))[0].notify).toBe('mentions');
    expect(codeOf(await groupsAs(cloud, 'p03', { action: 'setNotify', conversationId: GID, notify: 'sometimes' }))).toBe('INVALID_INPUT');
  });
});
