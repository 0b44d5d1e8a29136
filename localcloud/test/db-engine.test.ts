// The engine below the wire: index-planned reads return exactly what a full scan returns (indexes
// only narrow candidates), range lookups touch few candidates, matches() and change events.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Database } from '../src/db/database';
import { compileQuery } from '../src/db/query';
import type { ChangeEvent, Doc } from '../src/db/types';

function openDb(): Database {
  return new Database(fs.mkdtempSync(path.join(os.tmpdir(), 'db-engine-')), [
    {
      collectionName: 'c',
      description: '',
      schema: {},
      rules: {},
      indexes: [
        {
          name: 'k',
          keys: [
            { name: 'k', direction: '1' },
            { name: 'z', direction: '-1' },
          ],
        },
        { name: 'tags', keys: [{ name: 'tags', direction: '1' }] },
        { name: 'nested', keys: [{ name: 'a.b', direction: '1' }] },
      ],
    },
  ]);
}

const values = [0, 1, 2, 2.5, 10, -3, 'x', 'y', '10', true, null, new Date(1000), new Date(2000)];
function docAt(i: number): Record<string, unknown> {
  const d: Record<string, unknown> = { _id: `d${i}`, i };
  if (i % 7 !== 0) d.k = values[i % values.length];
  d.tags = i % 3 === 0 ? [values[i % 5], values[(i + 1) % 5]] : values[i % 4];
  d.a = i % 2 ? { b: values[i % 6] } : [{ b: values[i % 3] }, { b: 'arr' }];
  return d;
}

test('planned queries equal full scans', () => {
  const db = openDb();
  db.insert(
    'c',
    Array.from({ length: 400 }, (_, i) => docAt(i)),
  );
  const all = db.select('c', { i: { $exists: true } }); // unindexed field: a scan
  const queries: Record<string, unknown>[] = [
    { k: 2 },
    { k: null },
    { k: 'x' },
    { k: new Date(1000) },
    { k: true },
    { k: { $gt: 0, $lte: 10 } },
    { $and: [{ k: { $gte: 1 } }, { k: { $lt: 3 } }] },
    { k: { $gt: 'a' } },
    { k: { $in: [1, 'y', null] } },
    { k: { $lt: new Date(1500) } },
    { tags: 1 },
    { tags: { $in: [0, 2] } },
    { 'a.b': 'arr' },
    { 'a.b': { $gte: 1 } },
    { $or: [{ k: 0 }, { tags: 2 }] },
    { $or: [{ k: 0 }, { i: 5 }] },
    { _id: { $in: ['d1', 'd2', 'nope'] } },
    { _id: 'd3', k: 0 },
    { k: { $ne: 2 } },
  ];
  for (const q of queries) {
    const predicate = compileQuery(q);
    const expected = all
      .filter((d) => predicate.test(d))
      .map((d) => d._id)
      .sort();
    expect({
      q,
      ids: db
        .select('c', q)
        .map((d) => d._id)
        .sort(),
    }).toEqual({ q, ids: expected });
  }
});

test('an indexed range touches only its keys; writes keep indexes current', () => {
  const db = openDb();
  db.insert(
    'c',
    Array.from({ length: 1000 }, (_, i) => ({ _id: `n${i}`, k: i })),
  );
  const coll = db.collection('c');
  expect([...coll.candidateIds({ $and: [{ k: { $gte: 100 } }, { k: { $lt: 110 } }] })]).toHaveLength(10);
  db.update('c', { k: { $gte: 100, $lt: 105 } }, { $inc: { k: 10_000 } }, { multi: true });
  db.remove('c', { k: 106 });
  expect(db.select('c', { k: { $gte: 100, $lt: 110 } }).map((d) => d.k)).toEqual([105, 107, 108, 109]);
  expect(db.select('c', { k: { $gte: 10_000 } }).map((d) => d._id)).toEqual(['n100', 'n101', 'n102', 'n103', 'n104']);
});

test('change events carry before/after, updated and removed fields, and a rising seq', () => {
  const db = openDb();
  const events: ChangeEvent[] = [];
  db.onChange((e) => events.push(e));
  db.insert('c', [{ _id: 'e', a: { b: 1, c: 2 }, list: [1] }]);
  db.update('c', { _id: 'e' }, { $set: { 'a.b': 5 }, $unset: { 'a.c': '' }, $push: { list: 2 } });
  db.update('c', { _id: 'e' }, { whole: true }, { replace: true });
  db.remove('c', { _id: 'e' });
  expect(events.map((e) => e.kind)).toEqual(['insert', 'update', 'replace', 'remove']);
  expect(events[1]).toMatchObject({ updatedFields: { 'a.b': 5, list: [1, 2] }, removedFields: ['a.c'] });
  expect(events[2].after as Doc).toEqual({ _id: 'e', whole: true });
  expect(events[3]).toMatchObject({ before: { _id: 'e', whole: true }, after: null });
  expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
});
