// Invitations through the real groups function: share-card tokens and codes that work, and the
// ones that must not (expired, used up, forged, replayed, revoked) refused with their own codes;
// join policies (invite only, approval, private) and bans.
import crypto from 'crypto';
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { JOIN_PAGE } from '../../domain/contracts/groups';
import { codeOf, groupsAs, insertGroup, insertUsers, okGroups } from './support';
import { closeUsers } from '../support/users';

let cloud: LocalCloud;
let n = 0;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  await insertUsers(
    cloud,
    ['o', 'a', 'm', 'x', 'y', 'z', 'b'].map((openid) => ({ openid })),
  );
});
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
});

async function group(joinPolicy: 'open' | 'approval' | 'invite' = 'invite', visibility: 'public' | 'private' = 'private'): Promise<string> {
  const gid = `inv${++n}`;
  await insertGroup(cloud, { conversationId: gid, visibility, joinPolicy, members: { o: 'owner', a: 'admin', m: 'member' }, banned: ['b'] });
  return gid;
}

interface Share {
  token: string;
  path: string;
  invitationId: string;
  expiresAt: number;
}

const share = (gid: string, by = 'o', extra: Record<string, unknown> = {}) => okGroups<Share>(cloud, by, { action: 'createInvitation', conversationId: gid, kind: 'share', ...extra });
const join = (who: string, data: Record<string, unknown>) => groupsAs(cloud, who, { action: 'join', ...data });

/** Signs a payload the way the server does, with the secret it keeps (the test reads it as an operator would). */
async function signWithServerSecret(payload: Record<string, unknown>): Promise<string> {
  const [secret] = await cloud.db.find('server_secrets', { _id: 'invitations' });
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${crypto.createHmac('sha256', String(secret.value)).update(body).digest('base64url')}`;
}

describe('share cards', () => {
  it('a token in the share path lets a person join a private invite-only group, once', async () => {
    const gid = await group();
    const card = await share(gid);
    expect(card.path).toBe(`${JOIN_PAGE}?token=${card.token}`);
    const inspected = await okGroups<{ group: { conversationId: string }; usesLeft: number }>(cloud, 'x', { action: 'inspectInvitation', token: card.token });
    expect(inspected).toMatchObject({ group: { conversationId: gid }, usesLeft: 50 });
    expect(await okGroups(cloud, 'x', { action: 'join', token: card.token })).toEqual({ conversationId: gid, status: 'joined' });
    expect(await okGroups(cloud, 'x', { action: 'join', token: card.token })).toEqual({ conversationId: gid, status: 'member' });
    const [inv] = await cloud.db.find('invitations', { _id: card.invitationId });
    expect(inv).toMatchObject({ uses: 1, usedBy: ['x'] });
    const [joined] = await cloud.db.find('messages', { conversationId: gid, type: 'system' });
    expect(joined.system).toEqual({ event: 'joined', actorId: 'x', details: { via: 'share', inviterId: 'o' } });
  });

  it.each<[string, (gid: string) => Promise<string>, string]>([
    ['a token whose signed expiry has passed', async (gid) => signWithServerSecret({ c: gid, i: 'o', e: Date.now() - 1000, n: (await share(gid)).invitationId }), 'INVITE_EXPIRED'],
    [
      'a token whose invitation expired (stored expiry)',
      async (gid) => {
        const card = await share(gid);
        await cloud.db.update('invitations', { _id: card.invitationId }, { $set: { expiresAt: Date.now() - 1 } });
        return card.token;
      },
      'INVITE_EXPIRED',
    ],
    [
      'a token pointed at another group (payload edited, signature kept)',
      async (gid) => {
        const card = await share(gid);
        const [body, sig] = card.token.split('.');
        const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
        return `${Buffer.from(JSON.stringify({ ...payload, c: 'another' })).toString('base64url')}.${sig}`;
      },
      'INVITE_INVALID',
    ],
    [
      'a token signed with another key',
      async (gid) => {
        const body = Buffer.from(JSON.stringify({ c: gid, i: 'o', e: Date.now() + 60_000, n: 'guessed-nonce' })).toString('base64url');
        return `${body}.${crypto.createHmac('sha256', 'not the server secret').update(body).digest('base64url')}`;
      },
      'INVITE_INVALID',
    ],
    ['a correctly signed token for an invitation that was never issued', (gid) => signWithServerSecret({ c: gid, i: 'o', e: Date.now() + 60_000, n: 'never-issued' }), 'INVITE_INVALID'],
    [
      'a revoked invitation',
      async (gid) => {
        const card = await share(gid);
        await okGroups(cloud, 'a', { action: 'revokeInvitation', conversationId: gid, invitationId: card.invitationId });
        return card.token;
      },
      'INVITE_REVOKED',
    ],
    [
      'an invitation whose inviter was removed',
      async (gid) => {
        const card = await share(gid, 'm');
        await okGroups(cloud, 'o', { action: 'remove', conversationId: gid, openid: 'm' });
        return card.token;
      },
      'INVITE_REVOKED',
    ],
  ])('refuses %s', async (_what, make, code) => {
    const gid = await group();
    const token = await make(gid);
    expect(codeOf(await join('y', { token }))).toBe(code);
    expect(await cloud.db.count('members', { conversationId: gid, openid: 'y' })).toBe(0);
  });

  it('refuses a used-up token to the next person', async () => {
    const gid = await group();
    const card = await share(gid, 'o', { maxUses: 1 });
    expect(codeOf(await join('x', { token: card.token }))).toBe('ok');
    expect(codeOf(await join('y', { token: card.token }))).toBe('INVITE_USED_UP');
  });

  it('refuses a replay: who used a token, then left or was removed, cannot come back with it', async () => {
    const gid = await group();
    const card = await share(gid);
    expect(codeOf(await join('x', { token: card.token }))).toBe('ok');
    await okGroups(cloud, 'o', { action: 'remove', conversationId: gid, openid: 'x' });
    expect(codeOf(await join('x', { token: card.token }))).toBe('INVITE_REPLAYED');
    // Others still can.
    expect(codeOf(await join('y', { token: card.token }))).toBe('ok');
  });

  it('concurrent redemptions never exceed the use limit', async () => {
    const gid = await group();
    const card = await share(gid, 'o', { maxUses: 2 });
    const codes = await Promise.all(['x', 'y', 'z'].map((who) => join(who, { token: card.token }).then(codeOf)));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
    expect(codes.filter((c) => c === 'INVITE_USED_UP')).toHaveLength(1);
    expect((await cloud.db.find('invitations', { _id: card.invitationId }))[0].uses).toBe(2);
  });

  it('a banned person is refused even with a valid token', async () => {
    const gid = await group();
    const card = await share(gid);
    expect(codeOf(await join('b', { token: card.token }))).toBe('BANNED');
  });
});

describe('codes', () => {
  it('a typed code joins (any case); wrong, expired and used-up codes are refused', async () => {
    const gid = await group();
    const { code } = await okGroups<{ code: string }>(cloud, 'a', { action: 'createInvitation', conversationId: gid, kind: 'code', maxUses: 1 });
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(codeOf(await join('y', { code: 'WRONGCODE' }))).toBe('INVITE_INVALID');
    expect(await okGroups(cloud, 'x', { action: 'join', code: code.toLowerCase() })).toEqual({ conversationId: gid, status: 'joined' });
    expect(codeOf(await join('y', { code }))).toBe('INVITE_USED_UP');
    const { code: late } = await okGroups<{ code: string }>(cloud, 'o', { action: 'createInvitation', conversationId: gid, kind: 'code' });
    await cloud.db.update('invitations', { _id: late }, { $set: { expiresAt: Date.now() - 1 } });
    expect(codeOf(await join('y', { code: late }))).toBe('INVITE_EXPIRED');
  });
});

describe('join policies', () => {
  it.each<[string, 'open' | 'approval' | 'invite', 'public' | 'private', string]>([
    ['open public', 'open', 'public', 'ok'],
    ['approval public', 'approval', 'public', 'ok'],
    ['invite-only public', 'invite', 'public', 'INVITATION_REQUIRED'],
    ['open private', 'open', 'private', 'NOT_FOUND'],
  ])('joining a %s group by id -> %s', async (_what, policy, visibility, expected) => {
    const gid = await group(policy, visibility);
    expect(codeOf(await join('x', { conversationId: gid }))).toBe(expected);
  });

  it('approval: the request waits; an admin approves one and rejects another', async () => {
    const gid = await group('approval', 'public');
    expect(await okGroups(cloud, 'x', { action: 'join', conversationId: gid, note: 'hi, I hike' })).toEqual({ conversationId: gid, status: 'requested' });
    expect(await okGroups(cloud, 'y', { action: 'join', conversationId: gid })).toEqual({ conversationId: gid, status: 'requested' });
    expect(await cloud.db.count('members', { conversationId: gid, openid: 'x' })).toBe(0);
    const list = await okGroups<{ requests: Array<{ openid: string; note: string }> }>(cloud, 'a', { action: 'listRequests', conversationId: gid });
    expect(list.requests.map((r) => [r.openid, r.note])).toEqual([
      ['x', 'hi, I hike'],
      ['y', ''],
    ]);
    await okGroups(cloud, 'a', { action: 'approve', conversationId: gid, openid: 'x' });
    await okGroups(cloud, 'a', { action: 'reject', conversationId: gid, openid: 'y' });
    expect(await cloud.db.count('members', { conversationId: gid, openid: 'x' })).toBe(1);
    expect(await cloud.db.count('members', { conversationId: gid, openid: 'y' })).toBe(0);
    expect(codeOf(await groupsAs(cloud, 'a', { action: 'approve', conversationId: gid, openid: 'y' }))).toBe('NOT_FOUND');
    expect((await okGroups<{ requests: unknown[] }>(cloud, 'a', { action: 'listRequests', conversationId: gid })).requests).toEqual([]);
  });
});
