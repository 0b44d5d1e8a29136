// The console's HTTP API against a real local cloud: validation and status codes, document edits
// that emit change events, invocations and timers, outbox, storage and the word list.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCloud } from '../cloud';
import type { ChangeEvent } from '../db/types';

let cloud: LocalCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-console-'));
  cloud = await LocalCloud.start({ port: 0, dataDir, functions: { timers: false } });
  await cloud.db.insert('users', [
    { _id: 'alice', nickname: 'Alice', profile: { city: 'Shenzhen', lang: 'zh' }, createdAt: new Date('2024-05-01T08:00:00Z') },
    { _id: 'bob', nickname: 'Bob', profile: { city: 'Beijing', lang: 'en' }, createdAt: new Date('2024-05-02T08:00:00Z') },
    { _id: 'carol', nickname: 'Carol', profile: { city: 'Shanghai', lang: 'zh' }, createdAt: new Date('2024-05-03T08:00:00Z') },
  ]);
});
afterAll(async () => {
  await cloud?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of every endpoint's shape
async function call(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${cloud.url}/console/${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
}

describe('page', () => {
  it('serves the page and its bundled script', async () => {
    expect((await call('GET', '')).body).toContain('Local CloudBase console');
    const script = await call('GET', 'app.js');
    expect(script.status).toBe(200);
    expect(script.body).toContain('consoleReady');
  });

  it('answers unknown endpoints 404 and wrong methods 405', async () => {
    expect(await call('GET', 'api/nothing')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await call('PATCH', 'api/collections')).toMatchObject({ status: 405, body: { code: 'METHOD_NOT_ALLOWED' } });
  });
});

describe('collections', () => {
  it('lists collections with their counts', async () => {
    const { body } = await call('GET', 'api/collections');
    expect(body.collections).toContainEqual({ name: 'users', count: 3 });
  });

  it('creates a collection once, refusing bad names and duplicates', async () => {
    expect(await call('POST', 'api/collections', { name: 'notes' })).toEqual({ status: 200, body: { name: 'notes' } });
    expect(await call('POST', 'api/collections', { name: 'notes' })).toMatchObject({ status: 409, body: { code: 'DATABASE_COLLECTION_ALREADY_EXIST' } });
    expect(await call('POST', 'api/collections', { name: '../x' })).toMatchObject({ status: 400, body: { code: 'INVALID_PARAM' } });
  });

  it('queries with where operators, sort, skip and limit; dates shown as {$date: ISO}', async () => {
    const { status, body } = await call('POST', 'api/collections/users/query', {
      where: { 'profile.lang': 'zh', createdAt: { $gte: { $date: '2024-05-01T00:00:00Z' } } },
      sort: { createdAt: -1 },
      skip: 1,
      limit: 1,
    });
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.documents).toEqual([{ _id: 'alice', nickname: 'Alice', profile: { city: 'Shenzhen', lang: 'zh' }, createdAt: { $date: '2024-05-01T08:00:00.000Z' } }]);
  });

  it('refuses bad queries with 400 and unknown collections with 404', async () => {
    expect(await call('POST', 'api/collections/users/query', { where: [1] })).toMatchObject({ status: 400, body: { message: 'where must be a JSON object' } });
    expect(await call('POST', 'api/collections/users/query', { limit: 0 })).toMatchObject({ status: 400, body: { message: 'limit must be an integer from 1 to 1000' } });
    expect(await call('POST', 'api/collections/users/query', { sort: { nickname: 'up' } })).toMatchObject({ status: 400 });
    expect(await call('POST', 'api/collections/users/query', '{not json')).toMatchObject({ status: 400, body: { code: 'INVALID_PARAM' } });
    expect(await call('POST', 'api/collections/ghosts/query', {})).toMatchObject({ status: 404, body: { code: 'DATABASE_COLLECTION_NOT_EXIST' } });
  });
});

describe('document writes go through the admin path and emit change events', () => {
  const changes: ChangeEvent[] = [];
  let stop: () => void;
  beforeAll(() => (stop = cloud.db.onChange((e) => changes.push(e))));
  afterAll(() => stop());

  it('adds a document, keeping EJSON dates as dates', async () => {
    const { body } = await call('POST', 'api/collections/notes/documents', { document: { _id: 'n1', text: 'hi', at: { $date: '2024-06-01T00:00:00Z' } } });
    expect(body).toEqual({ id: 'n1' });
    const [doc] = await cloud.db.find('notes', { _id: 'n1' });
    expect(doc.at).toEqual(new Date('2024-06-01T00:00:00Z'));
    expect(changes.at(-1)).toMatchObject({ collection: 'notes', kind: 'insert', id: 'n1' });
  });

  it('merges nested fields field by field', async () => {
    const { status, body } = await call('PUT', 'api/collections/users/documents/bob', { mode: 'merge', document: { _id: 'bob', nickname: 'Bobby', profile: { city: 'Hangzhou' } } });
    expect(status).toBe(200);
    expect(body.document).toMatchObject({ _id: 'bob', nickname: 'Bobby', profile: { city: 'Hangzhou', lang: 'en' } });
    expect(changes.at(-1)).toMatchObject({ collection: 'users', kind: 'update', id: 'bob' });
  });

  it('replaces a whole document', async () => {
    const { body } = await call('PUT', 'api/collections/users/documents/carol', { mode: 'replace', document: { nickname: 'C.' } });
    expect(body.document).toEqual({ _id: 'carol', nickname: 'C.' });
    expect(changes.at(-1)).toMatchObject({ collection: 'users', id: 'carol' });
  });

  it('refuses a changed _id, a missing mode and a missing document', async () => {
    expect(await call('PUT', 'api/collections/users/documents/bob', { mode: 'merge', document: { _id: 'eve' } })).toMatchObject({ status: 400 });
    expect(await call('PUT', 'api/collections/users/documents/bob', { document: { a: 1 } })).toMatchObject({ status: 400, body: { message: 'mode must be "replace" or "merge"' } });
    expect(await call('PUT', 'api/collections/users/documents/nobody', { mode: 'merge', document: { a: 1 } })).toMatchObject({ status: 404, body: { code: 'DATABASE_DOCUMENT_NOT_EXIST' } });
    expect((await cloud.db.find('users', { _id: 'bob' }))[0].nickname).toBe('Bobby');
  });

  it('deletes a document once', async () => {
    expect(await call('DELETE', 'api/collections/notes/documents/n1')).toEqual({ status: 200, body: { removed: 1 } });
    expect(changes.at(-1)).toMatchObject({ collection: 'notes', kind: 'remove', id: 'n1' });
    expect(await call('DELETE', 'api/collections/notes/documents/n1')).toMatchObject({ status: 404 });
  });
});

describe('functions', () => {
  it('lists functions with their timer triggers', async () => {
    const { body } = await call('GET', 'api/functions');
    expect(body.functions).toContainEqual(expect.objectContaining({ name: 'sweep', timers: ['sweepPending'] }));
  });

  it('fires a timer and lists the run newest first, filtered by name', async () => {
    const fired = await call('POST', 'api/functions/sweep/fire-timer', {});
    expect(fired.status).toBe(200);
    expect(fired.body.invocation).toMatchObject({ function: 'sweep', trigger: { kind: 'timer', trigger: 'sweepPending' } });
    await cloud.functions.invoke('login', {}, { openid: 'alice', appid: 'wx1', source: 'wx_client' });
    const all = (await call('GET', 'api/invocations')).body.invocations;
    expect(all.map((i: { function: string }) => i.function).slice(0, 2)).toEqual(['login', 'sweep']);
    const sweeps = (await call('GET', 'api/invocations?name=sweep&limit=5')).body.invocations;
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0].logs).toEqual(expect.any(Array));
  });

  it('refuses unknown functions and bad limits', async () => {
    expect(await call('POST', 'api/functions/nope/fire-timer', {})).toMatchObject({ status: 404, body: { code: 'FUNCTION_NOT_FOUND' } });
    expect(await call('GET', 'api/invocations?limit=abc')).toMatchObject({ status: 400 });
  });
});

describe('outbox, storage, word list', () => {
  it('shows the outbox (empty until a function sends)', async () => {
    expect(await call('GET', 'api/outbox')).toEqual({ status: 200, body: { messages: [] } });
  });

  it('lists, opens and deletes stored files', async () => {
    const file = await cloud.storage.put('avatars/alice.txt', Buffer.from('hello'), 'alice', 'text/plain');
    const { body } = await call('GET', 'api/storage');
    expect(body.files).toEqual([expect.objectContaining({ fileID: file.fileID, cloudPath: 'avatars/alice.txt', openid: 'alice', size: 5 })]);
    const q = `fileID=${encodeURIComponent(file.fileID)}`;
    const content = await fetch(`${cloud.url}/console/api/storage/content?${q}`);
    expect(content.headers.get('content-type')).toContain('text/plain');
    expect(await content.text()).toBe('hello');
    expect(await call('DELETE', `api/storage?${q}`)).toEqual({ status: 200, body: { deleted: file.fileID } });
    expect(await call('DELETE', `api/storage?${q}`)).toMatchObject({ status: 404, body: { code: 'STORAGE_FILE_NONEXIST' } });
    expect(await call('GET', 'api/storage/content?fileID=x')).toMatchObject({ status: 400 });
  });

  it('edits the word list, refusing invalid words without changing anything', async () => {
    const before = (await call('GET', 'api/sec-words')).body.words;
    expect(await call('PUT', 'api/sec-words', { words: [{ word: 'spam', suggest: 'maybe', label: 10001 }] })).toMatchObject({ status: 400 });
    expect((await call('GET', 'api/sec-words')).body.words).toEqual(before);
    const words = [...before, { word: 'spam', suggest: 'review', label: 10001 }];
    expect(await call('PUT', 'api/sec-words', { words })).toEqual({ status: 200, body: { words } });
    expect(cloud.openapi.secWords()).toContainEqual({ word: 'spam', suggest: 'review', label: 10001 });
  });
});

describe('missing indexes', () => {
  const admin = (action: string, params: Record<string, unknown>) =>
    fetch(`${cloud.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, ...params }) });

  it('lists the wire queries no declared index serves, once per shape, and forgets them on DELETE', async () => {
    await call('DELETE', 'api/missing-indexes');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (const city of ['Shenzhen', 'Beijing']) await admin('database.getDocument', { collectionName: 'users', query: JSON.stringify({ 'profile.city': city }), limit: 10 });
      await admin('database.getDocument', { collectionName: 'users', query: JSON.stringify({ _id: 'alice' }) }); // by _id: served
    } finally {
      warn.mockRestore();
    }
    const { status, body } = await call('GET', 'api/missing-indexes');
    expect(status).toBe(200);
    expect(body.missing).toEqual([
      {
        collection: 'users',
        operation: 'query',
        shape: '{"profile.city":"$eq"}',
        sources: [{ source: 'admin', count: 2 }],
        count: 2,
        firstSeen: expect.any(String),
        lastSeen: expect.any(String),
        suggested: [{ name: 'users_profile_city', keys: [{ name: 'profile.city', direction: '1' }] }],
      },
    ]);
    expect(await call('DELETE', 'api/missing-indexes')).toEqual({ status: 200, body: { cleared: 1 } });
    expect((await call('GET', 'api/missing-indexes')).body).toEqual({ missing: [] });
  });
});
