// Security rules through the whole path: the wx.cloud shim (real @cloudbase/database query builder)
// -> POST /client -> the database actions -> the rules guard, against a real local cloud with the
// test-only specs in fixtures/database. Each construct has an allowed and a denied case; denials
// must change nothing.
import path from 'path';
import WebSocket from 'ws';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud, type WxCloud, type WxError } from '../src/client';
import { checkInvokePermission, DEFAULT_FUNCTION_RULES } from '../src/rules';
import { startTestCloud } from './support/cloud';

const DENIED = -502003;
let cloud: LocalCloud;
let alice: WxCloud;
let bob: WxCloud;

async function denied(promise: Promise<unknown> | undefined, api: string): Promise<WxError> {
  const err = (await promise!.then(
    () => {
      throw new Error(`${api} was allowed`);
    },
    (e: WxError) => e,
  )) as WxError;
  expect(err.errCode).toBe(DENIED);
  expect(err.errMsg.startsWith(`${api}:fail -502003 database permission denied.`)).toBe(true);
  return err;
}

beforeAll(async () => {
  cloud = await startTestCloud({ databaseDir: path.join(__dirname, 'fixtures/database') });
  const client = (openid: string) => createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never });
  alice = client('alice');
  bob = client('bob');
  await cloud.db.insert('notes', [
    { _id: 'n-alice-1', _openid: 'alice', text: 'a1' },
    { _id: 'n-alice-2', _openid: 'alice', text: 'a2' },
    { _id: 'n-bob-1', _openid: 'bob', text: 'b1' },
  ]);
  await cloud.db.insert('posts', [
    { _id: 'p-pub', _openid: 'bob', published: true, title: 'hello' },
    { _id: 'p-draft-bob', _openid: 'bob', published: false, title: 'secret' },
    { _id: 'p-draft-alice', _openid: 'alice', published: false, title: 'mine' },
  ]);
  await cloud.db.insert('statuses', [
    { _id: 's1', status: 'visible' },
    { _id: 's2', status: 'pinned' },
    { _id: 's3', status: 'pending' },
  ]);
  await cloud.db.insert('memberships', [{ _id: 'r1_alice', _openid: 'alice', role: 'member' }]);
  await cloud.db.insert('chat', [{ _id: 'c1', room: 'r1', _openid: 'x', text: 'hi' }]);
});

afterAll(async () => {
  await alice.close();
  await bob.close();
  await cloud.stop();
});

describe('owner rule `doc._openid == auth.openid`', () => {
  it("create: a forged _openid is overwritten by stamping, so the rule holds and the stored doc is the caller's", async () => {
    const db = alice.database();
    const res = await db.collection('notes').add({ data: { _openid: 'bob', text: 'forged' } });
    expect(res).toEqual({ _id: expect.any(String), errMsg: 'collection.add:ok' });
    const [stored] = await cloud.db.find('notes', { _id: res!._id });
    expect(stored._openid).toBe('alice');
  });

  it('read: a query pinning _openid to the caller passes, one without it or for another user is denied', async () => {
    const notes = alice.database().collection('notes');
    const mine = await notes.where({ _openid: 'alice', text: 'a1' }).get();
    expect(mine).toEqual({ data: [{ _id: 'n-alice-1', _openid: 'alice', text: 'a1' }], errMsg: 'collection.get:ok' });
    await denied(notes.get(), 'collection.get'); // wider than the rule
    await denied(notes.where({ _openid: 'bob' }).get(), 'collection.get');
    await denied(notes.doc('n-alice-1').get(), 'document.get'); // doc() sends only {_id}
    const byId = await notes.where({ _id: 'n-alice-1', _openid: 'alice' }).get();
    expect(byId.data).toHaveLength(1);
  });

  it('update and remove: checked against the condition; a denial changes nothing', async () => {
    const notes = alice.database().collection('notes');
    await denied(notes.where({ text: 'b1' }).update({ data: { text: 'hacked' } }), 'collection.update');
    await denied(notes.where({ _openid: 'bob' }).remove(), 'collection.remove');
    expect((await cloud.db.find('notes', { _id: 'n-bob-1' }))[0].text).toBe('b1');
    const updated = await notes.where({ _openid: 'alice', text: 'a2' }).update({ data: { text: 'a2!' } });
    expect(updated).toEqual({ stats: { updated: 1 }, errMsg: 'collection.update:ok' });
  });
});

describe('`||` and `in`', () => {
  it('a query on the public side of `||` passes; a draft query needs the author side', async () => {
    const posts = alice.database().collection('posts');
    expect((await posts.where({ published: true }).get()).data.map((d) => (d as { _id: string })._id)).toEqual(['p-pub']);
    await denied(posts.where({ published: false }).get(), 'collection.get');
    const drafts = await posts.where({ published: false, _openid: 'alice' }).get();
    expect(drafts.data.map((d) => (d as { _id: string })._id)).toEqual(['p-draft-alice']);
  });

  it('an `in` query passes only when every value satisfies the rule', async () => {
    const db = bob.database();
    const _ = db.command;
    const ok = await db
      .collection('statuses')
      .where({ status: _.in(['visible', 'pinned']) })
      .get();
    expect(ok.data.map((d) => (d as { _id: string })._id).sort()).toEqual(['s1', 's2']);
    await denied(
      db
        .collection('statuses')
        .where({ status: _.in(['visible', 'pending']) })
        .get(),
      'collection.get',
    );
    await denied(
      db
        .collection('statuses')
        .where({ status: _.neq('pending') })
        .get(),
      'collection.get',
    );
  });

  it('update rules see the update data as request.data', async () => {
    const posts = alice.database().collection('posts');
    await denied(posts.where({ _openid: 'alice' }).update({ data: { published: true } }), 'collection.update');
    const res = await posts.where({ _openid: 'alice' }).update({ data: { title: 'renamed' } });
    expect(res.stats.updated).toBe(1);
    expect((await cloud.db.find('posts', { _id: 'p-draft-alice' }))[0]).toMatchObject({ title: 'renamed', published: false });
  });
});

describe('get() in rules', () => {
  it('reads pass for a member of the room the query pins', async () => {
    const res = await alice.database().collection('chat').where({ room: 'r1' }).get();
    expect(res.data).toEqual([{ _id: 'c1', room: 'r1', _openid: 'x', text: 'hi' }]);
  });

  it('a missing membership document (get() -> null) denies, as does a room set in `in`', async () => {
    const db = alice.database();
    await denied(db.collection('chat').where({ room: 'r2' }).get(), 'collection.get');
    await denied(
      db
        .collection('chat')
        .where({ room: db.command.in(['r1', 'r2']) })
        .get(),
      'collection.get',
    );
    await denied(db.collection('chat').get(), 'collection.get');
    await denied(bob.database().collection('chat').where({ room: 'r1' }).get(), 'collection.get');
  });

  it('create checks the new document with get(): members post, others do not', async () => {
    const chat = alice.database().collection('chat');
    const res = await chat.add({ data: { room: 'r1', text: 'from alice' } });
    expect(res!.errMsg).toBe('collection.add:ok');
    await denied(chat.add({ data: { room: 'r2', text: 'not a member' } }), 'collection.add');
    expect(await cloud.db.count('chat', { room: 'r2' })).toBe(0);
  });
});

describe('default deny and function rules', () => {
  it('a collection without rules denies every client operation', async () => {
    const closed = alice.database().collection('closed');
    await denied(closed.where({ _openid: 'alice' }).get(), 'collection.get');
    await denied(closed.add({ data: { x: 1 } }), 'collection.add');
  });

  it('function invoke rules default to `auth != null`', async () => {
    await expect(checkInvokePermission(DEFAULT_FUNCTION_RULES, 'deliver', { openid: 'alice' })).resolves.toBeUndefined();
    await expect(checkInvokePermission(DEFAULT_FUNCTION_RULES, 'deliver', null)).rejects.toMatchObject({ code: 'DATABASE_PERMISSION_DENIED' });
    await expect(checkInvokePermission({ '*': { invoke: true }, admin: { invoke: "auth.openid == 'root'" } }, 'admin', { openid: 'alice' })).rejects.toMatchObject({
      code: 'DATABASE_PERMISSION_DENIED',
    });
  });
});
