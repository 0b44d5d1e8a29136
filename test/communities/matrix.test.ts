// The permission matrix through the real groups function: every standing (owner, admin, member,
// non-member, banned) times every group operation, allowed and denied. Each case gets a fresh group
// so allowed operations can really happen; a denied one must leave no trace (no audit entry, same
// members). Expected codes are written out by hand from the rules in the issue, not computed from
// domain/permissions.ts.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { memberId } from '../../domain/ids';
import { codeOf, groupsAs, insertGroup, insertUsers } from './support';
import { closeUsers } from '../support/users';

type Standing = 'owner' | 'admin' | 'member' | 'none' | 'banned';
const ACTOR: Record<Standing, string> = { owner: 'o', admin: 'a', member: 'm', none: 'n', banned: 'b' };
const STANDINGS: Standing[] = ['owner', 'admin', 'member', 'none', 'banned'];

let cloud: LocalCloud;
let counter = 0;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  await insertUsers(
    cloud,
    ['o', 'a', 'a2', 'm', 't', 'n', 'b', 'b2', 'r'].map((openid) => ({ openid })),
  );
});
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
});

/** owner o, admins a and a2, members m and t; b and b2 banned; r asked to join; t wrote message. */
async function freshGroup(settings: Record<string, unknown> = {}): Promise<{ gid: string; messageId: string }> {
  const gid = `g${++counter}`;
  await insertGroup(cloud, { conversationId: gid, members: { o: 'owner', a: 'admin', a2: 'admin', m: 'member', t: 'member' }, banned: ['b', 'b2'], settings });
  await cloud.db.insert('join_requests', [{ _id: memberId(gid, 'r'), conversationId: gid, openid: 'r', status: 'pending', createdAt: new Date() }]);
  const messageId = `msg${gid}xxxxxxxx`;
  await cloud.db.insert('messages', [
    { _id: messageId, conversationId: gid, _openid: 't', type: 'text', content: { text: 'x' }, status: 'visible', seq: 1, clientTime: 0, writtenAt: new Date(), createdAt: new Date() },
  ]);
  await cloud.db.update('conversations', { _id: gid }, { $set: { seq: 1 } });
  return { gid, messageId };
}

type Expect = [owner: string, admin: string, member: string, none: string, banned: string];
interface Case {
  request: (gid: string, messageId: string) => Record<string, unknown>;
  expect: Expect;
  /** The audit action an allowed call leaves; absent for reads. */
  audited?: string;
}

const STAFF_ONLY: Expect = ['ok', 'ok', 'FORBIDDEN', 'NOT_MEMBER', 'BANNED'];
const OWNER_ONLY: Expect = ['ok', 'FORBIDDEN', 'FORBIDDEN', 'NOT_MEMBER', 'BANNED'];
const ANY_MEMBER: Expect = ['ok', 'ok', 'ok', 'NOT_MEMBER', 'BANNED'];

const MATRIX: Record<string, Case> = {
  update: { request: (gid) => ({ action: 'update', conversationId: gid, name: 'Renamed' }), expect: STAFF_ONLY, audited: 'update' },
  setAnnouncement: { request: (gid) => ({ action: 'setAnnouncement', conversationId: gid, text: 'Pinned' }), expect: STAFF_ONLY, audited: 'setAnnouncement' },
  muteAll: { request: (gid) => ({ action: 'muteAll', conversationId: gid, on: true }), expect: STAFF_ONLY, audited: 'muteAll' },
  dissolve: { request: (gid) => ({ action: 'dissolve', conversationId: gid }), expect: OWNER_ONLY, audited: 'dissolve' },
  createInvitation: { request: (gid) => ({ action: 'createInvitation', conversationId: gid, kind: 'code' }), expect: ANY_MEMBER, audited: 'createInvitation' },
  listRequests: { request: (gid) => ({ action: 'listRequests', conversationId: gid }), expect: STAFF_ONLY },
  approve: { request: (gid) => ({ action: 'approve', conversationId: gid, openid: 'r' }), expect: STAFF_ONLY, audited: 'approve' },
  reject: { request: (gid) => ({ action: 'reject', conversationId: gid, openid: 'r' }), expect: STAFF_ONLY, audited: 'reject' },
  leave: { request: (gid) => ({ action: 'leave', conversationId: gid }), expect: ['OWNER_MUST_TRANSFER', 'ok', 'ok', 'NOT_MEMBER', 'BANNED'], audited: 'leave' },
  remove: { request: (gid) => ({ action: 'remove', conversationId: gid, openid: 't' }), expect: STAFF_ONLY, audited: 'remove' },
  ban: { request: (gid) => ({ action: 'ban', conversationId: gid, openid: 't' }), expect: STAFF_ONLY, audited: 'ban' },
  unban: { request: (gid) => ({ action: 'unban', conversationId: gid, openid: 'b2' }), expect: STAFF_ONLY, audited: 'unban' },
  mute: { request: (gid) => ({ action: 'mute', conversationId: gid, openid: 't', minutes: 10 }), expect: STAFF_ONLY, audited: 'mute' },
  unmute: { request: (gid) => ({ action: 'unmute', conversationId: gid, openid: 't' }), expect: STAFF_ONLY, audited: 'unmute' },
  promote: { request: (gid) => ({ action: 'promote', conversationId: gid, openid: 't' }), expect: OWNER_ONLY, audited: 'promote' },
  demote: { request: (gid) => ({ action: 'demote', conversationId: gid, openid: 'a2' }), expect: OWNER_ONLY, audited: 'demote' },
  transfer: { request: (gid) => ({ action: 'transfer', conversationId: gid, openid: 't' }), expect: OWNER_ONLY, audited: 'transfer' },
  deleteMessage: { request: (gid, messageId) => ({ action: 'deleteMessage', conversationId: gid, messageId }), expect: STAFF_ONLY, audited: 'deleteMessage' },
  members: { request: (gid) => ({ action: 'members', conversationId: gid }), expect: ANY_MEMBER },
  setNotify: { request: (gid) => ({ action: 'setNotify', conversationId: gid, notify: 'mentions' }), expect: ANY_MEMBER },
  auditLog: { request: (gid) => ({ action: 'auditLog', conversationId: gid }), expect: STAFF_ONLY },
  join: { request: (gid) => ({ action: 'join', conversationId: gid }), expect: ['ok', 'ok', 'ok', 'ok', 'BANNED'], audited: undefined },
};

const cases = Object.entries(MATRIX).flatMap(([op, c]) => STANDINGS.map((standing, i) => [op, standing, c.expect[i]] as const));

describe('every standing times every operation', () => {
  it.each(cases)('%s by %s -> %s', async (op, standing, expected) => {
    const { gid, messageId } = await freshGroup();
    const membersBefore = await cloud.db.count('members', { conversationId: gid });
    const answer = await groupsAs(cloud, ACTOR[standing], MATRIX[op].request(gid, messageId));
    expect(codeOf(answer)).toBe(expected);
    const audited = MATRIX[op].audited;
    if (expected === 'ok' && audited) {
      expect(await cloud.db.count('audit_logs', { conversationId: gid, action: audited, actorId: ACTOR[standing] })).toBe(1);
    }
    if (expected !== 'ok') {
      expect(await cloud.db.count('audit_logs', { conversationId: gid })).toBe(0);
      expect(await cloud.db.count('members', { conversationId: gid })).toBe(membersBefore);
      expect((await cloud.db.find('conversations', { _id: gid }))[0]).toMatchObject({ seq: 1, name: `Group ${gid}` });
    }
  });
});

// Who may act on whom: rank, self, and the target's role.
const TARGETS: Array<[actor: string, action: string, target: string, expected: string]> = [
  ['a', 'remove', 'o', 'FORBIDDEN'],
  ['a', 'mute', 'o', 'FORBIDDEN'],
  ['a', 'ban', 'o', 'FORBIDDEN'],
  ['a', 'remove', 'a2', 'FORBIDDEN'],
  ['a', 'mute', 'a2', 'FORBIDDEN'],
  ['a', 'ban', 'a2', 'FORBIDDEN'],
  ['o', 'remove', 'a2', 'ok'],
  ['o', 'mute', 'a2', 'ok'],
  ['o', 'ban', 'a2', 'ok'],
  ['a', 'remove', 'a', 'FORBIDDEN'],
  ['o', 'transfer', 'o', 'FORBIDDEN'],
  ['o', 'promote', 'a2', 'FORBIDDEN'],
  ['o', 'demote', 't', 'FORBIDDEN'],
  ['o', 'transfer', 'n', 'NOT_FOUND'],
  ['o', 'promote', 'n', 'NOT_FOUND'],
  ['a', 'remove', 'n', 'NOT_FOUND'],
  ['a', 'ban', 'n', 'ok'],
  ['m', 'remove', 't', 'FORBIDDEN'],
];

describe('targets', () => {
  it.each(TARGETS)('%s %s %s -> %s', async (actor, action, target, expected) => {
    const { gid } = await freshGroup();
    const extra = action === 'mute' ? { minutes: 5 } : {};
    expect(codeOf(await groupsAs(cloud, actor, { action, conversationId: gid, openid: target, ...extra }))).toBe(expected);
  });

  it('admins cannot delete the owner’s or another admin’s messages; the owner can', async () => {
    const { gid } = await freshGroup();
    const byOwner = `own${gid}xxxxxxxx`;
    const byAdmin = `adm${gid}xxxxxxxx`;
    await cloud.db.insert(
      'messages',
      [byOwner, byAdmin].map((id, i) => ({
        _id: id,
        conversationId: gid,
        _openid: i ? 'a2' : 'o',
        type: 'text',
        content: { text: 'x' },
        status: 'visible',
        seq: 2 + i,
        clientTime: 0,
        writtenAt: new Date(),
      })),
    );
    expect(codeOf(await groupsAs(cloud, 'a', { action: 'deleteMessage', conversationId: gid, messageId: byOwner }))).toBe('FORBIDDEN');
    expect(codeOf(await groupsAs(cloud, 'a', { action: 'deleteMessage', conversationId: gid, messageId: byAdmin }))).toBe('FORBIDDEN');
    expect(codeOf(await groupsAs(cloud, 'o', { action: 'deleteMessage', conversationId: gid, messageId: byAdmin }))).toBe('ok');
    expect((await cloud.db.find('messages', { _id: byAdmin }))[0]).toMatchObject({ status: 'recalled' });
  });

  it('members invite only while membersMayInvite is on', async () => {
    const { gid } = await freshGroup({ membersMayInvite: false });
    expect(codeOf(await groupsAs(cloud, 'm', { action: 'createInvitation', conversationId: gid, kind: 'share' }))).toBe('FORBIDDEN');
    expect(codeOf(await groupsAs(cloud, 'a', { action: 'createInvitation', conversationId: gid, kind: 'share' }))).toBe('ok');
  });
});
