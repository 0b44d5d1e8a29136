// The security rules on direct client reads and writes (the wx.cloud shim, as the mini program
// calls them), per standing; and what removal and banning change: reads, writes and a running
// watch stop at once, because the member doc and the inbox entry go in one transaction.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import { WatchRecorder } from '../../localcloud/test/support/watch-recorder';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { memberId, newClientId } from '../../domain/ids';
import { insertGroup, insertUsers, okGroups } from './support';
import { closeUsers, userOf } from '../support/users';
import { attempt } from '../support/rules';

let cloud: LocalCloud;
const GID = 'rules-g';
const PRIVATE = 'rules-p';

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  // The 1.4.3 realtime client logs every socket event.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  await insertUsers(
    cloud,
    ['o', 'a', 'm', 'n', 'b', 'r', 't', 'u'].map((openid) => ({ openid })),
  );
  await insertGroup(cloud, { conversationId: GID, members: { o: 'owner', a: 'admin', m: 'member', t: 'member', u: 'member' }, banned: ['b'] });
  await insertGroup(cloud, { conversationId: PRIVATE, visibility: 'private', members: { o: 'owner', a: 'admin', m: 'member' }, banned: ['b'] });
  await cloud.db.insert('join_requests', [{ _id: memberId(GID, 'r'), conversationId: GID, openid: 'r', status: 'pending', createdAt: new Date() }]);
  await okGroups(cloud, 'o', { action: 'createInvitation', conversationId: GID, kind: 'code' });
});
afterAll(async () => {
  await closeUsers();
  await cloud.stop();
  jest.restoreAllMocks();
});

function writePending(openid: string, conversationId: string, extra: Record<string, unknown> = {}): Promise<'ok' | 'denied'> {
  const db = userOf(cloud, openid).database();
  return attempt(() =>
    db
      .collection('messages')
      .add({ data: { _id: newClientId(), conversationId, type: 'text', content: { text: 'hi' }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate(), ...extra } }),
  );
}

function read(openid: string, collection: string, where: Record<string, unknown>): Promise<'ok' | 'denied'> {
  return attempt(() => userOf(cloud, openid).database().collection(collection).where(where).get());
}

type Row = [who: string, o: string, a: string, m: string, n: string, b: string];
const WHO = ['o', 'a', 'm', 'n', 'b'] as const;

describe('direct client access per standing (owner, admin, member, non-member, banned)', () => {
  const table: Array<[string, () => (openid: string) => Promise<'ok' | 'denied'>, Row]> = [
    ['read the group’s messages', () => (u) => read(u, 'messages', { conversationId: GID, status: 'visible' }), ['', 'ok', 'ok', 'ok', 'denied', 'denied']],
    ['write a pending message', () => (u) => writePending(u, GID), ['', 'ok', 'ok', 'ok', 'denied', 'denied']],
    ['write a system message', () => (u) => writePending(u, GID, { type: 'system' }), ['', 'denied', 'denied', 'denied', 'denied', 'denied']],
    ['read a private group', () => (u) => read(u, 'conversations', { _id: userOf(cloud, u).database().command.in([PRIVATE]) }), ['', 'ok', 'ok', 'ok', 'denied', 'denied']],
    ['read a private group’s messages', () => (u) => read(u, 'messages', { conversationId: PRIVATE, status: 'visible' }), ['', 'ok', 'ok', 'ok', 'denied', 'denied']],
    ['read the audit log', () => (u) => read(u, 'audit_logs', { conversationId: GID }), ['', 'ok', 'ok', 'denied', 'denied', 'denied']],
    ['read the bans', () => (u) => read(u, 'bans', { conversationId: GID }), ['', 'ok', 'ok', 'denied', 'denied', 'denied']],
    ['read the join requests', () => (u) => read(u, 'join_requests', { conversationId: GID }), ['', 'ok', 'ok', 'denied', 'denied', 'denied']],
    ['read the invitations', () => (u) => read(u, 'invitations', { conversationId: GID }), ['', 'denied', 'denied', 'denied', 'denied', 'denied']],
    [
      'write a member doc',
      () => (u) =>
        attempt(() =>
          userOf(cloud, u)
            .database()
            .collection('members')
            .where({ _id: memberId(GID, u) })
            .update({ data: { role: 'owner' } }),
        ),
      ['', 'denied', 'denied', 'denied', 'denied', 'denied'],
    ],
  ];
  const cases = table.flatMap(([what, make, row]) => WHO.map((who, i) => [what, who, row[i + 1], make] as const));
  it.each(cases)('%s as %s -> %s', async (_what, who, expected, make) => {
    expect(await make()(who)).toBe(expected);
  });

  it('the requester reads their own join request', async () => {
    expect(await read('r', 'join_requests', { openid: 'r', conversationId: GID })).toBe('ok');
  });
});

describe('mutes in the rules', () => {
  it('a muted member cannot write; unmuted they can', async () => {
    await okGroups(cloud, 'a', { action: 'mute', conversationId: GID, openid: 'u', minutes: 5 });
    expect(await writePending('u', GID)).toBe('denied');
    await okGroups(cloud, 'a', { action: 'unmute', conversationId: GID, openid: 'u' });
    expect(await writePending('u', GID)).toBe('ok');
  });

  it('mute-all silences members but not the owner and admins', async () => {
    await okGroups(cloud, 'o', { action: 'muteAll', conversationId: GID, on: true });
    expect([await writePending('o', GID), await writePending('a', GID), await writePending('m', GID)]).toEqual(['ok', 'ok', 'denied']);
    await okGroups(cloud, 'o', { action: 'muteAll', conversationId: GID, on: false });
    expect(await writePending('m', GID)).toBe('ok');
  });
});

describe('removal and banning stop reads, writes and watches at once', () => {
  async function say(openid: string, text: string): Promise<string> {
    const db = userOf(cloud, openid).database();
    const _id = newClientId();
    await db.collection('messages').add({ data: { _id, conversationId: GID, type: 'text', content: { text }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() } });
    await userOf(cloud, openid).callFunction({ name: 'deliver', data: { messageId: _id } });
    return _id;
  }

  it.each([
    ['remove', 't'],
    ['ban', 'u'],
  ])('%s: the person’s watch fails and gets nothing more, reads and writes are denied', async (action, victim) => {
    const watchOf = (openid: string) => {
      const rec = new WatchRecorder();
      const watcher = userOf(cloud, openid)
        .database()
        .collection('messages')
        .where({ conversationId: GID, status: 'visible' })
        .orderBy('seq', 'asc')
        .limit(50)
        .watch({ onChange: rec.onChange, onError: rec.onError });
      return { rec, watcher };
    };
    const victimWatch = watchOf(victim);
    const control = watchOf('m');
    await victimWatch.rec.snapshot(0);
    await control.rec.snapshot(0);
    const before = await say('o', `before ${action}`);
    await victimWatch.rec.until(() => victimWatch.rec.snapshots.some((s) => s.docChanges.some((c) => c.docId === before)), 'the victim sees messages while a member');

    await okGroups(cloud, 'o', { action, conversationId: GID, openid: victim });
    const after = await say('o', `after ${action}`);
    const marker = await say('o', 'marker');
    await control.rec.until(() => control.rec.snapshots.some((s) => s.docChanges.some((c) => c.docId === marker)), 'the control member sees both');
    // The first push after the removal finds the read rule no longer holds: the watch fails.
    expect((await victimWatch.rec.error()).errMsg).toMatch(/PERMISSION_DENIED/);
    const seenByVictim = victimWatch.rec.snapshots.flatMap((s) => s.docChanges.map((c) => c.docId));
    expect(seenByVictim).not.toContain(after);
    expect(seenByVictim).not.toContain(marker);
    expect(await read(victim, 'messages', { conversationId: GID })).toBe('denied');
    expect(await writePending(victim, GID)).toBe('denied');
    await control.watcher.close();
  });
});
