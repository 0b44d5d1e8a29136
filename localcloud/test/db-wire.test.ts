// The wire protocol at the edges: bad input leaves data unchanged with stable codes, and client
// (mini program) requests go through the guard with `_openid` stamped and the 20-record page size.
import { CloudError, ErrorCodes } from '../src/errors';
import type { LocalCloud } from '../src/cloud';
import type { GuardRequest } from '../src/db/types';
import { startTestCloud } from './support/cloud';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ databaseDir: '/nonexistent-db-specs' });
  await cloud.db.createCollection('notes');
  await cloud.db.insert(
    'notes',
    Array.from({ length: 30 }, (_, i) => ({ _id: `n${String(i).padStart(2, '0')}`, i, owner: i < 25 ? 'o-1' : 'o-2' })),
  );
});

afterAll(async () => {
  await cloud.stop();
});

async function post(path: '/admin' | '/client', body: unknown, openid?: string): Promise<Record<string, unknown>> {
  const res = await fetch(cloud.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid, 'x-wx-appid': 'wxapp' } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

const snapshot = async () => JSON.stringify(await cloud.db.find('notes', {}, { sort: { _id: 1 }, limit: 1000 }));

describe('bad input changes nothing', () => {
  let before: string;
  beforeAll(async () => {
    before = await snapshot();
  });
  afterAll(async () => {
    expect(await snapshot()).toBe(before);
  });

  test.each([
    ['malformed JSON', '{"action": "database.removeDocument", ', 'INVALID_PARAM'],
    ['unknown action', { action: 'database.dropEverything', collectionName: 'notes' }, 'INVALID_ACTION'],
    ['collection name of the wrong type', { action: 'database.removeDocument', collectionName: 42, query: '{}' }, 'INVALID_PARAM'],
    ['query that is not EJSON', { action: 'database.removeDocument', collectionName: 'notes', query: '{nope', multi: true }, 'INVALID_PARAM'],
    ['limit of the wrong type', { action: 'database.getDocument', collectionName: 'notes', query: '{}', limit: 'many' }, 'INVALID_PARAM'],
    ['multi of the wrong type', { action: 'database.removeDocument', collectionName: 'notes', query: '{}', multi: 'yes' }, 'INVALID_PARAM'],
    ['unknown query operator', { action: 'database.removeDocument', collectionName: 'notes', query: '{"i":{"$foo":1}}', multi: true }, 'DATABASE_INVALID_OPERRATOR'],
    ['unknown update operator', { action: 'database.modifyDocument', collectionName: 'notes', query: '{}', data: '{"$explode":{"i":1}}', multi: true }, 'DATABASE_INVALID_OPERRATOR'],
    ['update mixing fields and operators', { action: 'database.modifyDocument', collectionName: 'notes', query: '{}', data: '{"$set":{"i":1},"x":2}', multi: true }, 'INVALID_PARAM'],
    ['update of _id', { action: 'database.modifyDocument', collectionName: 'notes', query: '{}', data: '{"$set":{"_id":"x"}}', multi: true }, 'INVALID_PARAM'],
    ['conflicting update paths', { action: 'database.modifyDocument', collectionName: 'notes', query: '{}', data: '{"$set":{"i":1},"$inc":{"i":1}}', multi: true }, 'DATABASE_REQUEST_FAILED'],
    // CloudBase refuses a $-prefixed field name in the database (MongoDB: not valid for storage), not in the request check.
    ['document with a $ field', { action: 'database.insertDocument', collectionName: 'notes', data: ['{"$where":"1"}'] }, 'DATABASE_REQUEST_FAILED'],
    ['unknown aggregation stage', { action: 'database.aggregateDocuments', collectionName: 'notes', stages: [{ stageKey: '$out', stageValue: '"x"' }] }, 'DATABASE_INVALID_OPERRATOR'],
    ['$where (server-side JavaScript)', { action: 'database.removeDocument', collectionName: 'notes', query: '{"$where":"true"}', multi: true }, 'DATABASE_REQUEST_FAILED'],
    ['missing collection', { action: 'database.removeDocument', collectionName: 'nope', query: '{}', multi: true }, 'DATABASE_COLLECTION_NOT_EXIST'],
  ])('%s', async (_name, body, code) => {
    const res = await post('/admin', body);
    expect(res.code).toBe(code);
    expect(typeof res.message).toBe('string');
  });

  test('a batch with one bad document inserts none', async () => {
    const res = await post('/admin', { action: 'database.insertDocument', collectionName: 'notes', data: ['{"_id":"fresh"}', '{"_id":"n00"}'] });
    expect(res.code).toBe(ErrorCodes.DUPLICATE_KEY);
  });

  test('an oversized payload is refused', async () => {
    const huge = JSON.stringify({ action: 'database.insertDocument', collectionName: 'notes', data: ['{"pad":"' + 'x'.repeat(51 * 1024 * 1024) + '"}'] });
    const outcome = await post('/admin', huge).catch((err: Error) => ({ code: 'CONNECTION_CLOSED', message: err.message }));
    expect(['EXCEED_REQUEST_LIMIT', 'CONNECTION_CLOSED']).toContain(outcome.code);
  });
});

describe('client requests', () => {
  const seen: GuardRequest[] = [];
  beforeAll(() => {
    cloud.db.setClientGuard({
      async check(request) {
        seen.push(request);
        if (request.collection === 'notes' && request.operation === 'delete') throw new CloudError(ErrorCodes.PERMISSION_DENIED, 'no deletes');
      },
    });
  });

  test('reads are capped at 20 and pass the decoded query to the guard', async () => {
    const res = await post('/client', { action: 'database.getDocument', collectionName: 'notes', queryType: 'WHERE', query: '{"owner":"o-1"}', limit: 100 }, 'o-1');
    expect((res.data as { list: string[] }).list).toHaveLength(20);
    expect(seen.at(-1)).toEqual({ openid: 'o-1', appid: 'wxapp', collection: 'notes', operation: 'read', query: { owner: 'o-1' } });
  });

  test('creates stamp _openid over whatever the client sent', async () => {
    const res = await post('/client', { action: 'database.insertDocument', collectionName: 'notes', data: ['{"_id":"c1","_openid":"someone-else","t":1}'] }, 'o-9');
    expect(res.data).toEqual({ insertedIds: ['c1'] });
    expect(seen.at(-1)).toMatchObject({ operation: 'create', data: { _id: 'c1', _openid: 'o-9', t: 1 } });
    expect((await cloud.db.find('notes', { _id: 'c1' }))[0]).toEqual({ _id: 'c1', _openid: 'o-9', t: 1 });
  });

  test('a denial is DATABASE_PERMISSION_DENIED and changes nothing', async () => {
    const res = await post('/client', { action: 'database.removeDocument', collectionName: 'notes', query: '{"_id":"c1"}', multi: false }, 'o-9');
    expect(res.code).toBe('DATABASE_PERMISSION_DENIED');
    expect(await cloud.db.count('notes', { _id: 'c1' })).toBe(1);
  });

  test('transactions and createCollection are for cloud functions only', async () => {
    expect((await post('/client', { action: 'database.startTransaction' }, 'o-9')).code).toBe('DATABASE_PERMISSION_DENIED');
    expect((await post('/client', { action: 'database.addCollection', collectionName: 'x' }, 'o-9')).code).toBe('DATABASE_PERMISSION_DENIED');
  });
});
