// Ordered compound-index walks (ordered.ts): a sorted, limited page and a covered count give
// exactly what the planner's sort-everything path gives, for keyset cursors too.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Database } from '../src/db/database';
import { page } from '../src/db/query';

function openDb(): Database {
  return new Database(fs.mkdtempSync(path.join(os.tmpdir(), 'db-ordered-')), [
    {
      collectionName: 'm',
      description: '',
      schema: {},
      rules: {},
      indexes: [
        {
          name: 'list',
          keys: [
            { name: 'c', direction: '1' },
            { name: 'key', direction: '1' },
          ],
        },
        {
          name: 'read',
          keys: [
            { name: 'c', direction: '1' },
            { name: 'seq', direction: '1' },
            { name: 'o', direction: '1' },
          ],
        },
        {
          name: 'desc',
          keys: [
            { name: 'g', direction: '1' },
            { name: 'at', direction: '-1' },
          ],
        },
      ],
    },
    { collectionName: 'plain', description: '', schema: {}, rules: {}, indexes: [] },
  ]);
}

function docs(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    _id: `m${i}`,
    c: `c${i % 3}`,
    key: `k${String((i * 7919) % n).padStart(5, '0')}`,
    seq: i % 11,
    o: `o${String(i).padStart(5, '0')}`,
    g: i % 2,
    at: new Date(1000 + ((i * 31) % 97)),
  }));
}

test('sorted pages and counts equal the unindexed answer', () => {
  const db = openDb();
  const all = docs(900);
  db.insert('m', all);
  db.insert('plain', all);
  // some churn through updates and removes
  db.update('m', { seq: 3 }, { $set: { seq: 4 } }, { multi: true });
  db.update('plain', { seq: 3 }, { $set: { seq: 4 } }, { multi: true });
  db.remove('m', { seq: 7 }, { multi: true });
  db.remove('plain', { seq: 7 }, { multi: true });
  const cases: Array<[Record<string, unknown>, Record<string, 1 | -1>, number, number?]> = [
    [{ c: 'c1' }, { key: 1 }, 20],
    [{ c: 'c1', key: { $gt: 'k00400' } }, { key: 1 }, 20],
    [{ c: 'c1', key: { $gte: 'k00400', $lt: 'k00500' } }, { key: 1 }, 50],
    [{ c: 'c1' }, { key: -1 }, 15, 5],
    [{ c: 'c2', seq: { $gte: 4 } }, { seq: 1, o: 1 }, 30],
    [{ c: 'c2', seq: { $gte: 4 }, $or: [{ seq: { $gt: 5 } }, { seq: 5, o: { $gt: 'o00400' } }] }, { seq: 1, o: 1 }, 30],
    [{ c: 'c2', seq: { $gte: 4 }, o: { $ne: 'o00005' } }, { seq: 1, o: 1 }, 30],
    [{ g: 1 }, { at: -1 }, 25],
    [{ g: 1, at: { $lt: new Date(1050) } }, { at: -1 }, 25],
    [{ g: 0, at: { $gt: new Date(1050) } }, { at: 1 }, 25],
  ];
  for (const [query, sort, limit, skip] of cases) {
    const expected = page(db.select('plain', query), { sort: { ...sort, _id: 1 } as Record<string, 1 | -1> }).slice(skip ?? 0, (skip ?? 0) + limit);
    const got = db.findRaw('m', query, { sort, limit, skip });
    // ties in the sort may come in any order: compare the sort keys, then the id sets
    const keys = (rows: Record<string, unknown>[]) =>
      rows.map((r) =>
        Object.keys(sort)
          .map((f) => String(r[f]))
          .join('|'),
      );
    expect(keys(got)).toEqual(keys(expected));
    expect(db.count('m', query)).toBe(db.count('plain', query));
  }
});

test('walking every page by keyset cursor reaches each document once', () => {
  const db = openDb();
  db.insert('m', docs(2000));
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const rows = db.findRaw('m', cursor ? { c: 'c0', key: { $gt: cursor } } : { c: 'c0' }, { sort: { key: 1 }, limit: 50 });
    for (const r of rows) {
      expect(seen.has(r._id as string)).toBe(false);
      seen.add(r._id as string);
    }
    if (rows.length < 50) break;
    cursor = rows[rows.length - 1].key as string;
  }
  expect(seen.size).toBe(db.count('m', { c: 'c0' }));
});
