// Operator fidelity through the real wx-server-sdk: query, update and aggregation operators where
// mingo (the local query engine) differs from MongoDB, which CloudBase runs on. Every expected
// answer is written from the MongoDB manual (or CloudBase's docs) and the rule is cited next to it.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { LocalCloud } from '../src/cloud';
import { serverSdk, startTestCloud } from './support/cloud';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDb = any;
let cloud: LocalCloud;
let dataDir: string;
let db: LooseDb;
let _: LooseDb;
let $: LooseDb;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-operators-'));
  cloud = await startTestCloud({ dataDir, databaseDir: '/nonexistent-db-specs' });
  db = serverSdk(cloud).database() as LooseDb;
  _ = db.command;
  $ = db.command.aggregate;
  await db.createCollection('ops');
  await db.collection('ops').add({
    data: [
      { _id: 'plain', tags: ['a', 'b'], n: 8.5, s: '8', scalar: 1, results: [82, 85, 88] },
      { _id: 'docs', tags: [{ name: 'a' }, { name: 'c' }], n: 8, s: 8, scalar: [1, 2], results: [75, 88, 89] },
      { _id: 'nested', tags: [[{ name: 'a' }]], n: 7, pair: [1, 2] },
    ],
  });
  await db.createCollection('words');
  await db.collection('words').add({ data: [{ _id: 'w', word: 'cafétéria', birthday: '1999/12/12', day: new Date('2019-05-14T09:38:51.686Z') }] });
});

afterAll(async () => {
  await cloud.stop();
});

// Query and write errors carry errCode; wx-server-sdk's aggregate() rejects with errCode -1 and the code string.
async function errorOf(p: Promise<unknown>): Promise<{ errCode?: number; errMsg?: string; code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { errCode?: number; errMsg?: string; code?: string };
  }
  throw new Error('expected a rejection');
}

/** The error code of a request sent as raw wire JSON (for shapes the SDK cannot produce). */
async function rawCode(body: unknown): Promise<string | undefined> {
  const res = await fetch(cloud.url + '/admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return ((await res.json()) as { code?: string }).code;
}

const ids = (res: { data: Array<{ _id: unknown }> }) => res.data.map((d) => d._id).sort();
const where = async (q: unknown) => ids(await db.collection('ops').where(q).get());
/** One expression evaluated on the `words` document. */
async function expr(e: unknown): Promise<unknown> {
  const res = await db.collection('words').aggregate().project({ _id: 0, r: e }).end();
  return res.list[0].r;
}

// wx-server-sdk's TCB_ERR_CODE: DATABASE_REQUEST_FAILED -502001, DATABASE_INVALID_OPERRATOR -502002, INVALID_PARAM -501007.
const REQUEST_FAILED = -502001;
const INVALID_OPERATOR = -502002;

describe('query operators', () => {
  test('$elemMatch on sub-document fields does not match arrays of plain values', async () => {
    // MongoDB $elemMatch: matches when at least one array element matches all the criteria; with
    // criteria on fields ({name: 'a'}) only elements that are documents can match.
    expect(await where({ tags: _.elemMatch({ name: 'a' }) })).toEqual(['docs']);
    // Operator-only criteria test the elements as values (manual: {results: {$elemMatch: {$gte: 80, $lt: 85}}}
    // matches results [82, 85, 88] and not [75, 88, 89]).
    expect(await where({ results: _.elemMatch({ $gte: 80, $lt: 85 }) })).toEqual(['plain']);
  });

  test('$all is an $and of equalities: scalars and whole nested arrays match', async () => {
    // MongoDB $all: "equivalent to an $and operation of the specified values"; {qty.num: {$all: [50]}}
    // matches num: 50 (a scalar); $all: [[1, 2]] matches a field that equals [1, 2].
    expect(await where({ scalar: _.all([1]) })).toEqual(['docs', 'plain']);
    expect(await where({ pair: _.all([[1, 2]]) })).toEqual(['nested']);
    expect(await where({ scalar: _.all([1, 2]) })).toEqual(['docs']);
  });

  test('$in and $nin with an array value compare whole arrays too', async () => {
    // MongoDB $in: the field's value equals any value listed; equality with an array value matches
    // a field holding exactly that array.
    expect(await where({ pair: _.in([[1, 2]]) })).toEqual(['nested']);
    expect(await where({ pair: _.nin([[1, 2]]) })).toEqual(['docs', 'plain']);
  });

  test('$mod: numbers only, the divisor truncated toward zero, malformed operands refused', async () => {
    // MongoDB $mod "Floating Point Arguments": [4.5, 0] selects the same documents as [4, 0].
    expect(await where({ n: _.mod(4.5, 0) })).toEqual(['docs', 'plain']);
    // Only numeric values match (comparison is type-bracketed): the string '8' does not.
    expect(await where({ s: _.mod(4, 0) })).toEqual(['docs']);
    // "Not Enough Elements Error" / "Too Many Elements Error"; a zero divisor: "divisor cannot be 0".
    expect((await errorOf(where({ n: _.mod([4]) }))).errCode).toBe(REQUEST_FAILED);
    expect((await errorOf(where({ n: _.mod([4, 0, 1]) }))).errCode).toBe(REQUEST_FAILED);
    expect((await errorOf(where({ n: _.mod(0, 0) }))).errCode).toBe(REQUEST_FAILED);
  });

  test('$size needs a non-negative whole number', async () => {
    // MongoDB: "$size may not be negative", "$size must be a whole number".
    expect((await errorOf(where({ tags: _.size(-1) }))).errCode).toBe(REQUEST_FAILED);
    expect((await errorOf(where({ tags: _.size(1.5) }))).errCode).toBe(REQUEST_FAILED);
    expect(await where({ tags: _.size(2) })).toEqual(['docs', 'plain']);
  });

  test('$not needs a regex or a document; $in and $nin need an array', async () => {
    // MongoDB: "$not needs a regex or a document"; "$in needs an array" / "$nin needs an array".
    // The SDK serializes _.not(5) as {} itself, so {$not: 5} is sent as raw wire JSON.
    expect(await rawCode({ action: 'database.getDocument', collectionName: 'ops', query: '{"n":{"$not":{"$numberInt":"5"}}}' })).toBe('DATABASE_REQUEST_FAILED');
    expect((await errorOf(where({ n: _.in(8) }))).errCode).toBe(REQUEST_FAILED);
    expect((await errorOf(where({ n: _.nin(8) }))).errCode).toBe(REQUEST_FAILED);
    // $not with an operator document still works: n not greater than 7.5.
    expect(await where({ n: _.not(_.gt(7.5)) })).toEqual(['nested']);
  });

  test('$and, $or and $nor need a non-empty array', async () => {
    // MongoDB: "$and/$or/$nor must be a nonempty array".
    expect((await errorOf(where(_.or([])))).errCode).toBe(REQUEST_FAILED);
    expect((await errorOf(where(_.and([])))).errCode).toBe(REQUEST_FAILED);
    expect((await errorOf(where(_.nor([])))).errCode).toBe(REQUEST_FAILED);
  });

  test('$jsonSchema is not a CloudBase query command', async () => {
    // CloudBase 查询指令 lists eq neq lt lte gt gte in nin and or nor not exists size mod all
    // elemMatch expr geoNear geoWithin geoIntersects; an unsupported operator is
    // DATABASE_INVALID_OPERRATOR (docs.cloudbase.net/error-code/DATABASE_INVALID_OPERRATOR).
    const err = await errorOf(where(_.jsonSchema({ required: ['n'] })));
    expect(err.errCode).toBe(INVALID_OPERATOR);
  });

  test('$eq and $neq with a document compare field order too', async () => {
    // MongoDB "Match an Embedded Document": "Equality matches on the whole embedded document
    // require an exact match of the specified <value> document, including the field order."
    await db
      .collection('ops')
      .doc('ordered')
      .set({ data: { size: { h: 14, w: 21 } } });
    expect(
      ids(
        await db
          .collection('ops')
          .where({ size: _.eq({ h: 14, w: 21 }) })
          .get(),
      ),
    ).toEqual(['ordered']);
    expect(
      ids(
        await db
          .collection('ops')
          .where({ size: _.eq({ w: 21, h: 14 }) })
          .get(),
      ),
    ).toEqual([]);
    expect(
      ids(
        await db
          .collection('ops')
          .where({ size: _.neq({ w: 21, h: 14 }) })
          .get(),
      ),
    ).toContain('ordered');
    await db.collection('ops').doc('ordered').remove();
  });

  test('null on a path through an array of documents matches an element without the field', async () => {
    // MongoDB "Query for Null or Missing Fields": {item: null} matches documents whose item is
    // null or missing; along an array path each element counts, so {'m.role': null} matches
    // m: [{role: 'a'}, {}] and $neq null does not.
    await db
      .collection('ops')
      .doc('members')
      .set({ data: { m: [{ role: 'a' }, {}] } });
    await db
      .collection('ops')
      .doc('all-roles')
      .set({ data: { m: [{ role: 'a' }, { role: 'b' }] } });
    const has = async (q: unknown) => (await where(q)).filter((id) => id === 'members' || id === 'all-roles');
    expect(await has({ 'm.role': null })).toEqual(['members']);
    expect(await has({ 'm.role': _.neq(null) })).toEqual(['all-roles']);
    await db.collection('ops').doc('members').remove();
    await db.collection('ops').doc('all-roles').remove();
  });

  test('$gte and $lte null match null and missing fields', async () => {
    // MongoDB: query comparison is type-bracketed and a missing field compares as null, so
    // {f: {$gte: null}} / {f: {$lte: null}} select what {f: null} selects; $gt/$lt null select nothing.
    expect(await where({ pair: _.gte(null) })).toEqual(['docs', 'plain']);
    expect(await where({ pair: _.lte(null) })).toEqual(['docs', 'plain']);
    expect(await where({ pair: _.gt(null) })).toEqual([]);
  });

  test('$expr comparisons follow the BSON order across types', async () => {
    // MongoDB aggregation $lt/$gt: "compares both value and type, using the specified BSON
    // comparison order for values of different types"; a missing field sorts below numbers,
    // and numbers below strings.
    expect(await where(_.expr($.lt(['$missing', 1])))).toEqual(['docs', 'nested', 'plain']);
    expect(await where(_.expr($.gt(['$s', 100])))).toEqual(['plain']);
  });
});

describe('update operators refuse what MongoDB refuses', () => {
  beforeEach(async () => {
    await db
      .collection('ops')
      .doc('u')
      .set({ data: { str: 'x', num: 1, nothing: null, obj: { a: 1 }, list: [{ x: 1 }] } });
  });

  test.each([
    // $inc: "Cannot apply $inc to a value of non-numeric type"; $mul likewise.
    ['inc on a string', { str: () => _.inc(1) }],
    ['mul on a string', { str: () => _.mul(2) }],
    // $inc: "Using $inc on a field with a null value will generate an error."
    ['inc on null', { nothing: () => _.inc(1) }],
    // $push / $addToSet / $pull / $pop / shift / unshift: "If the field is not an array, the operation will fail."
    ['push on a number', { num: () => _.push(1) }],
    ['addToSet on a number', { num: () => _.addToSet(1) }],
    ['pull on a number', { num: () => _.pull(1) }],
    ['pullAll on a number', { num: () => _.pullAll([1]) }],
    ['pop on a number', { num: () => _.pop() }],
    ['shift on a number', { num: () => _.shift() }],
    ['unshift on a number', { num: () => _.unshift(1) }],
    // $set through a scalar: "Cannot create field 'b' in element {num: 1}".
    ['set below a number', { 'num.b': () => 1 }],
    // $rename: "$rename does not work on embedded documents in arrays".
    ['rename inside an array', { 'list.0.x': () => _.rename('y') }],
  ])('%s is DATABASE_REQUEST_FAILED and changes nothing', async (_name, spec) => {
    const data = Object.fromEntries(Object.entries(spec).map(([k, f]) => [k, (f as () => unknown)()]));
    const before = (await db.collection('ops').doc('u').get()).data;
    const err = await errorOf(db.collection('ops').doc('u').update({ data }));
    expect(err.errCode).toBe(REQUEST_FAILED);
    expect((await db.collection('ops').doc('u').get()).data).toEqual(before);
  });

  test('the same operators on fields of the right type still work', async () => {
    await db
      .collection('ops')
      .doc('u')
      .update({ data: { num: _.inc(2), obj: { b: 2 }, 'list.0.x': 5 } });
    expect((await db.collection('ops').doc('u').get()).data).toEqual({ _id: 'u', str: 'x', num: 3, nothing: null, obj: { a: 1, b: 2 }, list: [{ x: 5 }] });
  });
});

describe('aggregation operators', () => {
  test('$indexOfCP and $indexOfBytes', async () => {
    // MongoDB $indexOfCP examples: ["cafeteria","e"] 3, ["cafétéria","é"] 3, ["cafétéria","e"] -1,
    // ["cafétéria","t"] 4, ["foo.bar.fi",".",5] 7, ["vanilla","ll",0,2] -1, ["vanilla","ll",12] -1,
    // ["vanilla","ll",5,2] -1, ["vanilla","nilla",3] -1, [null,"foo"] null.
    expect(await expr($.indexOfCP(['cafeteria', 'e']))).toBe(3);
    expect(await expr($.indexOfCP(['$word', 'é']))).toBe(3);
    expect(await expr($.indexOfCP(['$word', 'e']))).toBe(-1);
    expect(await expr($.indexOfCP(['$word', 't']))).toBe(4);
    expect(await expr($.indexOfCP(['foo.bar.fi', '.', 5]))).toBe(7);
    expect(await expr($.indexOfCP(['vanilla', 'll', 0, 2]))).toBe(-1);
    expect(await expr($.indexOfCP(['vanilla', 'll', 12]))).toBe(-1);
    expect(await expr($.indexOfCP(['vanilla', 'll', 5, 2]))).toBe(-1);
    expect(await expr($.indexOfCP(['vanilla', 'nilla', 3]))).toBe(-1);
    expect(await expr($.indexOfCP([null, 'foo']))).toBeNull();
    // "[$indexOfCP] returns an error if <start> or <end> is a negative integer".
    expect((await errorOf(expr($.indexOfCP(['vanilla', 'll', -1])))).code).toBe('DATABASE_REQUEST_FAILED');
    // CloudBase's indexOfCP example: 'a' in Yuanxin 2, Weijia 5, Chengxi -1.
    expect(await expr($.indexOfCP(['Yuanxin', 'a']))).toBe(2);
    expect(await expr($.indexOfCP(['Weijia', 'a']))).toBe(5);
    expect(await expr($.indexOfCP(['Chengxi', 'a']))).toBe(-1);
    // MongoDB $indexOfBytes counts UTF-8 bytes: ["cafétéria","é"] 3, ["cafétéria","t"] 5 (é is two bytes).
    expect(await expr($.indexOfBytes(['$word', 'é']))).toBe(3);
    expect(await expr($.indexOfBytes(['$word', 't']))).toBe(5);
    expect(await expr($.indexOfBytes(['foo.bar.fi', '.', 5]))).toBe(7);
  });

  test('$substr / $substrBytes: a negative length runs to the end, a negative start gives ""', async () => {
    // CloudBase substr: "If expression3 is negative, the result is the substring starting at
    // expression2 with all subsequent characters"; "If expression2 is negative, the result is ''".
    // CloudBase example: birthday '1999/12/12' -> year [0, 4] '1999', month [5, 2] '12', day [8, -1] '12'.
    expect(await expr($.substr(['$birthday', 0, 4]))).toBe('1999');
    expect(await expr($.substr(['$birthday', 5, 2]))).toBe('12');
    expect(await expr($.substr(['$birthday', 8, -1]))).toBe('12');
    expect(await expr($.substrBytes(['$birthday', 5, -1]))).toBe('12/12');
    expect(await expr($.substrBytes(['$birthday', -1, 2]))).toBe('');
    // MongoDB $substrBytes: a start past the end gives "".
    expect(await expr($.substrBytes(['$birthday', 50, 2]))).toBe('');
  });

  test('$week counts Sunday-based weeks from 0, $isoWeekYear is the ISO year, %U and %w in $dateToString', async () => {
    // MongoDB $week: "a number between 0 and 53. Weeks begin on Sundays, and week 1 begins with
    // the first Sunday of the year. Days preceding the first Sunday of the year are in week 0."
    expect(await expr($.week('$day'))).toBe(19); // Tuesday 2019-05-14: the first Sunday was 2019-01-06
    expect(await expr($.week(new Date('2014-01-01T08:15:39.736Z')))).toBe(0); // the manual's example
    expect(await expr($.week(new Date('2021-01-02T12:00:00Z')))).toBe(0); // Saturday before the first Sunday
    expect(await expr($.week(new Date('2021-01-03T12:00:00Z')))).toBe(1); // the first Sunday begins week 1
    expect(await expr($.week(new Date('2017-12-31T12:00:00Z')))).toBe(53); // 2017 began on a Sunday
    // With a timezone the local date counts: 2021-01-02T20:00Z is Sunday 04:00 in Shanghai.
    expect(await expr($.week({ date: new Date('2021-01-02T20:00:00Z'), timezone: 'Asia/Shanghai' }))).toBe(1);
    // MongoDB $isoWeekYear example: ISODate("2016-01-01T00:00:00Z") -> 2015.
    expect(await expr($.isoWeekYear(new Date('2016-01-01T00:00:00Z')))).toBe(2015);
    expect(await expr($.isoWeekYear(new Date('2021-01-03T00:00:00Z')))).toBe(2020);
    // $dateToString: %U week of year 00-53, %w day of week 1 (Sunday) to 7 (Saturday), %G ISO week-year.
    expect(await expr($.dateToString({ date: '$day', format: '%Y-%m-%d %U %w' }))).toBe('2019-05-14 19 3');
    expect(await expr($.dateToString({ date: new Date('2016-01-01T00:00:00Z'), format: '%G' }))).toBe('2015');
    // "%%" is the percent character.
    expect(await expr($.dateToString({ date: '$day', format: '%d%%%m' }))).toBe('14%05');
    // $dateToParts with iso8601: true gives the ISO week-year (not an SDK helper: sent as a raw expression).
    expect(await expr({ $dateToParts: { date: new Date('2021-01-03T00:00:00Z'), iso8601: true } })).toEqual({
      isoWeekYear: 2020,
      isoWeek: 53,
      isoDayOfWeek: 7,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    });
  });

  test('arithmetic, set, conditional and string operators where mingo differed', async () => {
    // $trunc and $round take a plain number (syntax {$trunc: <number>}); $round rounds half to
    // even ("Rounding to Even Values"). $round is no SDK helper: sent as a raw expression.
    expect(await expr($.trunc(-1.7))).toBe(-1);
    expect(await expr({ $round: 2.5 })).toBe(2);
    expect(await expr({ $round: [1234.5678, -2] })).toBe(1200);
    // $mod by zero is an error.
    expect((await errorOf(expr($.mod([5, 0])))).code).toBe('DATABASE_REQUEST_FAILED');
    // $setUnion: "If an argument resolves to null or refers to a missing field, $setUnion returns null".
    expect(await expr($.setUnion([[1], '$missing']))).toBeNull();
    // $switch: "If no branch evaluates to true and default is not specified, the operation returns an error".
    expect((await errorOf(expr($.switch({ branches: [{ case: false, then: 1 }] })))).code).toBe('DATABASE_REQUEST_FAILED');
    // $toLower/$toUpper: "If the argument resolves to null, returns an empty string".
    expect(await expr($.toLower('$missing'))).toBe('');
    expect(await expr($.toUpper(null))).toBe('');
    // Comparison across types in BSON order: numbers < strings; missing < null.
    expect(await expr($.gt(['a', 1]))).toBe(true);
    expect(await expr($.cmp(['$missing', null]))).toBe(-1);
    expect(await expr($.eq(['$missing', null]))).toBe(false);
  });
});

test('$push in $group leaves out documents where the expression is missing', async () => {
  // MongoDB's $push accumulator appends the value of the expression for each document; a missing
  // value is not appended (a null one is).
  await db.createCollection('pushes');
  await db.collection('pushes').add({ data: [{ _id: 1, v: 'a' }, { _id: 2, v: null }, { _id: 3 }] });
  const res = await db
    .collection('pushes')
    .aggregate()
    .sort({ _id: 1 })
    .group({ _id: null, vs: $.push('$v') })
    .end();
  expect(res.list).toEqual([{ _id: null, vs: ['a', null] }]);
});

describe('custom _id values', () => {
  test('a numeric _id is accepted and is a different id from the same digits as a string', async () => {
    // CloudBase (MongoDB) accepts any non-array _id; 5 and '5' are different values.
    await db.createCollection('numbered');
    const n = await db.collection('numbered').add({ data: { _id: 5, v: 'number' } });
    expect(n._id).toBe(5);
    await db.collection('numbered').add({ data: { _id: '5', v: 'string' } });
    expect((await db.collection('numbered').doc(5).get()).data).toEqual({ _id: 5, v: 'number' });
    expect((await db.collection('numbered').doc('5').get()).data).toEqual({ _id: '5', v: 'string' });
    expect(
      ids(
        await db
          .collection('numbered')
          .where({ _id: _.in([5]) })
          .get(),
      ),
    ).toEqual([5]);
    await db
      .collection('numbered')
      .doc(5)
      .update({ data: { v: 'changed' } });
    expect((await db.collection('numbered').doc(5).get()).data.v).toBe('changed');
    // A second 5 is a duplicate.
    expect((await errorOf(db.collection('numbered').add({ data: { _id: 5 } }))).errMsg).toContain('duplicate');
    // Ids that are neither strings nor numbers stay refused (INVALID_PARAM -501007).
    expect((await errorOf(db.collection('numbered').add({ data: { _id: true } }))).errCode).toBe(-501007);
    expect((await errorOf(db.collection('numbered').add({ data: { _id: { a: 1 } } }))).errCode).toBe(-501007);
  });

  test('numeric ids survive a restart (log replay and snapshot) as numbers', async () => {
    await db.createCollection('durable');
    await db.collection('durable').add({
      data: [
        { _id: 7, v: 'n' },
        { _id: '7', v: 's' },
      ],
    });
    await cloud.stop(); // compacts into the snapshot
    cloud = await startTestCloud({ dataDir, databaseDir: '/nonexistent-db-specs' });
    db = serverSdk(cloud).database() as LooseDb;
    _ = db.command;
    $ = db.command.aggregate;
    await db.collection('durable').add({ data: { _id: 8, v: 'logged' } }); // in the log only
    await db.collection('durable').doc('7').remove();
    await cloud.stop();
    cloud = await startTestCloud({ dataDir, databaseDir: '/nonexistent-db-specs' });
    db = serverSdk(cloud).database() as LooseDb;
    _ = db.command;
    $ = db.command.aggregate;
    const all = await db.collection('durable').orderBy('v', 'asc').get();
    expect(all.data).toEqual([
      { _id: 8, v: 'logged' },
      { _id: 7, v: 'n' },
    ]);
  });

  test('a field name starting with $ is DATABASE_REQUEST_FAILED, as CloudBase answers', async () => {
    const err = await errorOf(db.collection('ops').add({ data: { $bad: 1 } }));
    expect(err.errCode).toBe(REQUEST_FAILED);
    const nested = await errorOf(db.collection('ops').add({ data: { ok: { $bad: 1 } } }));
    expect(nested.errCode).toBe(REQUEST_FAILED);
  });
});
