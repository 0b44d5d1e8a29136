// Range reasoning in the subset check: a query that bounds a field (`_.gt`, `_.gte`, `_.lt`, `_.lte`,
// several at once, `_.and`) satisfies a rule comparison over that field when every value in the
// range does. Query `seq > a` implies `doc.seq > b` iff a >= b; query `seq >= a` only iff a > b.
import fs from 'fs';
import path from 'path';
import type { CollectionSpec } from '../../domain/spec';
import type { Doc as StoredDoc } from '../src/db/types';
import { RulesGuard } from '../src/rules';

type Doc = Record<string, unknown>;
const store: Record<string, Record<string, StoredDoc>> = {
  members: {
    room1_alice: { _id: 'room1_alice', openid: 'alice', joinedSeq: 10 },
    room2_alice: { _id: 'room2_alice', openid: 'alice', joinedSeq: 10 },
    direct1_alice: { _id: 'direct1_alice', openid: 'alice', joinedSeq: 0 },
  },
  conversations: {
    room1: { _id: 'room1', settings: { historyForNewMembers: false } },
    room2: { _id: 'room2', settings: { historyForNewMembers: true } },
    direct1: { _id: 'direct1' }, // direct chats have no settings at all
  },
};
const db = { find: async (collection: string, q: Doc) => (store[collection]?.[q._id as string] ? [store[collection][q._id as string]] : []) };
const allows = (rule: string, query: Doc) =>
  new RulesGuard(() => [{ collectionName: 'c', description: '', schema: {}, rules: { read: rule }, indexes: [] } as CollectionSpec], db).allows({
    openid: 'alice',
    appid: 'app',
    collection: 'c',
    operation: 'read',
    query,
  });

// [query, rule, allowed]
const table: Array<[Doc, string, boolean]> = [
  [{ seq: { $gt: 5 } }, 'doc.seq > 5', true],
  [{ seq: { $gt: 5 } }, 'doc.seq > 4', true],
  [{ seq: { $gt: 5 } }, 'doc.seq > 6', false],
  [{ seq: { $gt: 5 } }, 'doc.seq >= 5', true],
  [{ seq: { $gt: 5 } }, 'doc.seq >= 6', false], // 5.5 is in the query, not in the rule
  [{ seq: { $gt: 5 } }, 'doc.seq < 100', false], // no upper bound
  [{ seq: { $gt: 5 } }, 'doc.seq != 5', true],
  [{ seq: { $gt: 5 } }, 'doc.seq != 7', false],
  [{ seq: { $gt: 5 } }, 'doc.seq == 7', false],
  [{ seq: { $gt: 5 } }, '!(doc.seq <= 5)', true], // definitely false inside, so the negation holds
  [{ seq: { $gt: 5 } }, 'doc.seq <= 5 || doc.x == 1', false],
  [{ seq: { $gt: 5 } }, '5 < doc.seq', true], // the range on the right side
  [{ seq: { $gt: 5 } }, '6 <= doc.seq', false],
  [{ seq: { $gte: 5 } }, 'doc.seq > 5', false], // 5 itself
  [{ seq: { $gte: 5 } }, 'doc.seq > 4', true],
  [{ seq: { $gte: 5 } }, 'doc.seq >= 5', true],
  [{ seq: { $gte: 5 } }, 'doc.seq >= 6', false],
  [{ seq: { $gte: 5 } }, 'doc.seq != 5', false],
  [{ seq: { $gte: 5 } }, 'doc.seq != 4', true],
  [{ seq: { $lt: 10 } }, 'doc.seq < 10', true],
  [{ seq: { $lt: 10 } }, 'doc.seq <= 10', true],
  [{ seq: { $lt: 10 } }, 'doc.seq < 9', false],
  [{ seq: { $lt: 10 } }, 'doc.seq > 0', false],
  [{ seq: { $lte: 10 } }, 'doc.seq < 10', false],
  [{ seq: { $lte: 10 } }, 'doc.seq <= 10', true],
  [{ seq: { $lte: 10 } }, 'doc.seq < 11', true],
  [{ $and: [{ seq: { $gt: 5 } }, { seq: { $lt: 10 } }] }, 'doc.seq > 5 && doc.seq < 10', true],
  [{ $and: [{ seq: { $gt: 5 } }, { seq: { $lt: 10 } }] }, 'doc.seq > 5 && doc.seq <= 9', false],
  [{ $and: [{ seq: { $gt: 5 } }, { seq: { $lt: 10 } }] }, 'doc.seq != 10', true],
  [{ $and: [{ seq: { $gt: 5 } }, { seq: { $lt: 10 } }] }, 'doc.seq != 7', false],
  [{ $and: [{ seq: { $gt: 2 } }, { seq: { $gte: 5 } }] }, 'doc.seq >= 5', true], // the tighter bound wins
  [{ seq: { $gt: 5, $lt: 10 } }, 'doc.seq > 5 && doc.seq < 10', true],
  [{ seq: { $gt: 5, $lt: 10 } }, 'doc.seq > 6', false],
  [{ $or: [{ seq: { $gt: 10 } }, { seq: { $lt: 0 } }] }, 'doc.seq > 0', false], // every branch must pass
  [{ $or: [{ seq: { $gt: 10 } }, { seq: { $gte: 20 } }] }, 'doc.seq > 10', true],
  [{ seq: { $in: [6, 7, 20] }, $and: [{ seq: { $lt: 10 } }] }, 'doc.seq == 6 || doc.seq == 7', true], // values in the range, exactly
  [{ seq: { $ne: 5 } }, 'doc.seq != 5', false], // $ne stays open
  [{ name: { $gte: 'b' } }, "doc.name > 'a'", true],
  [{ name: { $gte: 'b' } }, "doc.name > 'c'", false],
  [{ name: { $gte: 'b' } }, 'doc.name > 1', false], // another kind decides nothing
  [{ other: { $gt: 5 } }, 'doc.seq > 5', false], // the rule's field is not bounded
  [{ seq: { $gt: 1 } }, "get(`database.members.room${doc.seq}_alice`).openid == 'alice'", false], // get() needs ==
  [{ seq: 1 }, "get(`database.members.room${doc.seq}_alice`).openid == 'alice'", true],
];

test.each(table)('query %j against rule %s: allowed %s', async (query, rule, allowed) => {
  expect(await allows(rule, query)).toBe(allowed);
});

describe('the messages read rule (database/messages.json): history hidden from new members', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(__dirname, '../../database/messages.json'), 'utf8')) as CollectionSpec;
  const read = spec.rules!.read as string;

  it('stays within the documented limits', () => {
    expect(read.length).toBeLessThanOrEqual(1024);
    expect(read.match(/\bget\(/g)!.length).toBeLessThanOrEqual(3);
  });

  it.each<[Doc, boolean]>([
    [{ conversationId: 'room1', status: 'visible' }, false], // hidden history: the seq bound is required
    [{ conversationId: 'room1', seq: { $gt: 10 } }, true],
    [{ conversationId: 'room1', seq: { $gt: 9 } }, false],
    [{ conversationId: 'room1', seq: { $gte: 11 } }, true],
    [{ conversationId: 'room1', seq: { $gte: 10 } }, false],
    [{ conversationId: 'room1', seq: 11 }, true],
    [{ conversationId: 'room1', seq: 10 }, false],
    [{ conversationId: 'room1', $and: [{ seq: { $gt: 12 } }, { seq: { $lt: 20 } }] }, true],
    [{ conversationId: 'room1', seq: { $lt: 20 } }, false],
    [{ conversationId: 'room2', status: 'visible' }, true], // history shown to new members
    [{ conversationId: 'direct1', status: 'visible' }, true], // no settings: nothing hidden
    // Published messages only: held, blocked-on-arrival and pending ones (no seq) stay their sender's.
    [{ conversationId: 'direct1' }, false],
    [{ conversationId: 'direct1', status: 'held' }, false],
    [{ conversationId: 'direct1', seq: { $gt: 0 } }, true],
    [{ conversationId: 'direct1', status: 'held', _openid: 'alice' }, true],
    [{ conversationId: 'direct1', status: 'held', _openid: 'bob' }, false],
    [{ conversationId: 'room9', seq: { $gt: 100 } }, false], // not a member
    [{ conversationId: { $in: ['room1', 'room2'] }, seq: { $gt: 10 } }, false], // get() needs one conversation
  ])('%j: allowed %s', async (query, allowed) => {
    expect(await allows(read, query)).toBe(allowed);
  });
});
