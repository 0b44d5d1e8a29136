// Two things CloudBase does for mini program callers before anything runs: '{openid}' in a query
// means the caller, and a function call must pass the function invoke rules.
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import type { LocalCloud } from '../src/cloud';
import { createWxCloud, type Snapshot, type WxCloud, type WxError } from '../src/client';
import { startTestCloud } from './support/cloud';

const fixtures = path.join(__dirname, 'fixtures');
let cloud: LocalCloud;
let alice: WxCloud;
let bob: WxCloud;

beforeAll(async () => {
  // A project whose function rules let only alice call `whoami`.
  const projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'invoke-rules-'));
  fs.mkdirSync(path.join(projectRoot, 'database/functions'), { recursive: true });
  fs.writeFileSync(path.join(projectRoot, 'database/functions/rules.json'), JSON.stringify({ whoami: { invoke: "auth.openid == 'alice'" }, '*': { invoke: 'auth != null' } }));
  cloud = await startTestCloud({
    projectRoot,
    databaseDir: path.join(fixtures, 'database'),
    functions: { configPath: path.join(fixtures, 'cloudfunctions/cloudbaserc.json'), functionRoot: path.join(fixtures, 'cloudfunctions'), timers: false },
  });
  [alice, bob] = ['alice', 'bob'].map((openid) => {
    const c = createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never });
    c.init({ env: cloud.envId });
    return c;
  });
});

afterAll(async () => {
  await alice.close();
  await bob.close();
  await cloud.stop();
});

it("'{openid}' in a client query selects the caller's own documents, in get, count, update and watch", async () => {
  const notes = alice.database().collection('notes');
  await notes.add({ data: { _id: 'n1', text: 'mine' } });
  await bob
    .database()
    .collection('notes')
    .add({ data: { _id: 'n2', text: 'bob' } });
  const mine = await notes.where({ _openid: '{openid}' }).get();
  expect((mine.data as Array<{ _id: string }>).map((d) => d._id)).toEqual(['n1']);
  expect((await notes.where({ _openid: '{openid}' }).count()).total).toBe(1);
  expect((await notes.where({ _openid: '{openid}' }).update({ data: { text: 'edited' } })).stats.updated).toBe(1);
  expect((await cloud.db.find('notes', { _id: 'n2' }))[0].text).toBe('bob');

  const snapshot = await new Promise<Snapshot>((resolve, reject) => {
    const watcher = notes.where({ _openid: '{openid}' }).watch({
      onChange: (s) => {
        void watcher.close();
        resolve(s);
      },
      onError: reject,
    });
  });
  expect(snapshot.docs.map((d) => (d as { _id: string })._id)).toEqual(['n1']);
});

it('function invoke rules decide which mini program users may call a function', async () => {
  const allowed = await alice.callFunction({ name: 'whoami', data: {} });
  expect((allowed.result as { openid: string }).openid).toBe('alice');
  const denied = await bob.callFunction({ name: 'whoami', data: {} }).then(
    () => null,
    (err: WxError) => err,
  );
  expect(denied?.errMsg).toMatch(/cloud\.callFunction:fail/);
  expect(denied?.errMsg).toMatch(/invoking function whoami is not allowed/);
  expect(cloud.functions.invocations({ name: 'whoami' }).filter((r) => r.openid === 'bob')).toEqual([]);
});
