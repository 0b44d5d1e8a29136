// The functions runner against the real wx-server-sdk: identity, function-to-function calls, errors,
// timeouts, logs. Fixture functions live in test/fixtures/cloudfunctions with their own cloudbaserc.json.
import path from 'path';
import type { LocalCloud } from '../src/cloud';
import { DEFAULT_ENV_ID } from '../src/config';
import { startTestCloud, serverSdk } from './support/cloud';

const FIXTURES = path.join(__dirname, 'fixtures/cloudfunctions');

let cloud: LocalCloud;

/** cloud.callFunction's promise form; its typings also admit the callback form's void. */
async function callFunction(sdk: ReturnType<typeof serverSdk>, name: string, data: Record<string, unknown>): Promise<unknown> {
  const res = (await sdk.callFunction({ name, data })) as { result: unknown };
  return res.result;
}

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { configPath: path.join(FIXTURES, 'cloudbaserc.json'), timers: false } });
});
afterAll(async () => {
  await cloud?.stop();
});

describe('identity', () => {
  test('a mini program user calling directly: the function sees their OPENID/APPID, SOURCE wx_client and event.userInfo', async () => {
    const result = await cloud.functions.invoke('whoami', { q: 1 }, { openid: 'o-alice', appid: 'wx-app-1', source: 'wx_client' });
    expect(result).toEqual({
      openid: 'o-alice',
      appid: 'wx-app-1',
      source: 'wx_client',
      env: DEFAULT_ENV_ID,
      event: { q: 1, userInfo: { appId: 'wx-app-1', openId: 'o-alice' } },
    });
  });

  test('a /client call (the wx.cloud shim) runs as the user in its headers', async () => {
    const res = await fetch(`${cloud.url}/client`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': 'o-erin', 'x-wx-appid': 'wx-app-3' },
      body: JSON.stringify({ action: 'functions.invokeFunction', function_name: 'whoami', request_data: '{"a":1}' }),
    });
    const body = (await res.json()) as { data: { response_data: string } };
    expect(JSON.parse(body.data.response_data)).toEqual({
      openid: 'o-erin',
      appid: 'wx-app-3',
      source: 'wx_client',
      env: DEFAULT_ENV_ID,
      event: { a: 1, userInfo: { appId: 'wx-app-3', openId: 'o-erin' } },
    });
  });

  test('consecutive calls in one warm instance never see the previous caller', async () => {
    const alice = await cloud.functions.invoke('whoami', {}, { openid: 'o-alice', appid: 'wx-app-1', source: 'wx_client' });
    const timerLike = await cloud.functions.invoke('whoami', {}, { source: 'scf' });
    expect(alice).toMatchObject({ openid: 'o-alice' });
    // No OPENID/APPID at all for a caller without a user, not the previous user's.
    expect(timerLike).toEqual({ openid: undefined, appid: undefined, source: 'scf', env: DEFAULT_ENV_ID, event: {} });
    const runs = cloud.functions.invocations({ name: 'whoami', limit: 2 });
    expect(runs.map((r) => r.cold)).toEqual([false, false]);
  });

  test('concurrent callers get separate instances and their own identities', async () => {
    const users = ['o-1', 'o-2', 'o-3', 'o-4'];
    const results = await Promise.all(users.map((openid) => cloud.functions.invoke('whoami', { openid }, { openid, appid: 'wx-app-1', source: 'wx_client' })));
    expect(results.map((r) => (r as { openid: string; event: { openid: string } }).openid)).toEqual(users);
    expect(results.map((r) => (r as { event: { openid: string } }).event.openid)).toEqual(users);
  });

  test('the server SDK in a Node process playing a function invoked by a user calls as that user', async () => {
    const sdk = serverSdk(cloud);
    const saved = { ...process.env };
    Object.assign(process.env, cloud.functions.contextEnv({ openid: 'o-bob', appid: 'wx-app-2', source: 'wx_client' }));
    try {
      expect(sdk.getWXContext()).toEqual({ OPENID: 'o-bob', APPID: 'wx-app-2', SOURCE: 'wx_client', ENV: DEFAULT_ENV_ID, CLIENTIP: '127.0.0.1' });
      // Called from "inside a function" of bob's call: bob's identity, SOURCE extended with scf.
      expect(await callFunction(sdk, 'whoami', { via: 'sdk' })).toEqual({ openid: 'o-bob', appid: 'wx-app-2', source: 'wx_client,scf', env: DEFAULT_ENV_ID, event: { via: 'sdk' } });
    } finally {
      process.env = saved;
    }
  });

  test('the server SDK with no calling context: no user, SOURCE scf', async () => {
    const sdk = serverSdk(cloud, { openid: 'ignored-by-the-wire' });
    expect(await callFunction(sdk, 'whoami', {})).toEqual({ openid: undefined, appid: undefined, source: 'scf', env: DEFAULT_ENV_ID, event: {} });
  });
});

describe('function calling function', () => {
  test('the callee sees the original user and SOURCE wx_client,scf; the record links parent and child', async () => {
    const result = await cloud.functions.invoke('relay', { data: { hop: 1 } }, { openid: 'o-carol', appid: 'wx-app-1', source: 'wx_client' });
    expect(result).toEqual({
      self: { openid: 'o-carol', appid: 'wx-app-1', source: 'wx_client', env: DEFAULT_ENV_ID },
      // Server-side calls carry no userInfo injection: only mini program calls get it.
      inner: { openid: 'o-carol', appid: 'wx-app-1', source: 'wx_client,scf', env: DEFAULT_ENV_ID, event: { hop: 1 } },
    });
    const [child] = cloud.functions.invocations({ name: 'whoami', limit: 1 });
    const [parent] = cloud.functions.invocations({ name: 'relay', limit: 1 });
    expect(child.parentId).toBe(parent.id);
    expect(child.trigger).toEqual({ kind: 'call', via: 'function' });
  });

  test('an error in the callee reaches the caller as FUNCTIONS_EXECUTE_FAIL through the real SDK', async () => {
    await expect(cloud.functions.invoke('relay', { target: 'boom', data: { kind: 'inner' } }, { openid: 'o-carol', source: 'wx_client' })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringContaining('boom: inner'),
    });
  });
});

describe('failures', () => {
  test('unknown function: FUNCTION_NOT_FOUND through the SDK, nothing recorded', async () => {
    const before = cloud.functions.invocations({ limit: 1000 }).length;
    const sdk = serverSdk(cloud);
    await expect(sdk.callFunction({ name: 'nope', data: {} })).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
    expect(cloud.functions.invocations({ limit: 1000 }).length).toBe(before);
  });

  test('a thrown error becomes FUNCTIONS_EXECUTE_FAIL with its message; logs and stack are recorded', async () => {
    const sdk = serverSdk(cloud);
    await expect(sdk.callFunction({ name: 'boom', data: { kind: 'thrown' } })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringContaining('Error: boom: thrown'),
    });
    const [run] = cloud.functions.invocations({ name: 'boom', limit: 1 });
    expect(run.status).toBe('error');
    expect(run.error).toEqual({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: boom: thrown' });
    expect(run.logs.map((l) => l.text).join('')).toContain('about to fail\n');
    // Source maps point the stack at the TypeScript source.
    expect(run.logs.map((l) => l.text).join('')).toMatch(/boom[\\/]index\.ts:\d+/);
  });

  test('a function that kills its process fails the call; the next call starts a fresh instance', async () => {
    await expect(cloud.functions.invoke('boom', { kind: 'exit' })).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
    await expect(cloud.functions.invoke('boom', { kind: 'again' })).rejects.toMatchObject({ message: 'Error: boom: again' });
    expect(cloud.functions.invocations({ name: 'boom', limit: 1 })[0].cold).toBe(true);
  });

  test('a runaway function is killed at its timeout (1 s from cloudbaserc.json)', async () => {
    const started = Date.now();
    await expect(cloud.functions.invoke('sleepy', {})).rejects.toMatchObject({
      code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
      message: 'Invoking task timed out after 1 seconds',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const [run] = cloud.functions.invocations({ name: 'sleepy', limit: 1 });
    expect(run.status).toBe('timeout');
    expect(run.durationMs).toBeGreaterThanOrEqual(1000);
    expect(run.logs.map((l) => l.text).join('')).toContain('going to sleep');
    // Within the limit it answers normally, in a new instance (the old one was killed).
    await expect(cloud.functions.invoke('sleepy', { ms: 10 })).resolves.toEqual({ slept: 10 });
  });

  test('bad request_data is rejected before anything runs', async () => {
    const res = await fetch(`${cloud.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'functions.invokeFunction', function_name: 'whoami', request_data: '{not json' }),
    });
    expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM', message: 'request_data is not valid JSON' });
  });
});

describe('database', () => {
  test('a function writes and reads documents through the local database as the calling user', async () => {
    await cloud.db.createCollection('fn_notes');
    const result = (await cloud.functions.invoke('scribe', { text: 'hello' }, { openid: 'o-dave', appid: 'wx-app-1', source: 'wx_client' })) as {
      id: string;
      stored: Record<string, unknown>;
    };
    expect(result.stored).toMatchObject({ _id: result.id, text: 'hello', owner: 'o-dave' });
    const [doc] = await cloud.db.find('fn_notes', { _id: result.id });
    expect(doc).toMatchObject({ text: 'hello', owner: 'o-dave' });
  });
});

describe('logs and the invocation record', () => {
  test('console output of each call is captured in order, per invocation; module state survives warm calls', async () => {
    const first = (await cloud.functions.invoke('chatty', { n: 1 })) as { calls: number; pid: number };
    const second = (await cloud.functions.invoke('chatty', { n: 2 })) as { calls: number; pid: number };
    expect(second).toEqual({ calls: first.calls + 1, pid: first.pid });
    const [latest, earlier] = cloud.functions.invocations({ name: 'chatty', limit: 2 });
    // The module-load line belongs to the cold (first) call only.
    expect(earlier.logs.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'chatty loaded\n'],
      ['stdout', `call ${first.calls} got 1\n`],
      ['stderr', 'to stderr\n'],
    ]);
    expect(latest.logs.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', `call ${second.calls} got 2\n`],
      ['stderr', 'to stderr\n'],
    ]);
    expect(latest).toMatchObject({ status: 'ok', cold: false, result: second, event: { n: 2 } });
  });

  test('GET /functions/invocations filters by name and limit', async () => {
    const res = await fetch(`${cloud.url}/functions/invocations?name=chatty&limit=1`);
    const body = (await res.json()) as { invocations: Array<{ function: string; result: { calls: number } }> };
    expect(body.invocations).toHaveLength(1);
    expect(body.invocations[0].function).toBe('chatty');
    const bad = await fetch(`${cloud.url}/functions/invocations?limit=-1`);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_PARAM' });
  });
});
