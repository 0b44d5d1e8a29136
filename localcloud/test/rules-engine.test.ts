// The rules engine on its own: parsing, limits, three-valued evaluation and the subset check.
// The matrix through the real local cloud and the wx.cloud shim is in rules-matrix.test.ts.
import { evaluateExpression, parseRule, RuleSyntaxError, RulesGuard, updateDataForRules } from '../src/rules';
import type { CollectionSpec } from '../../domain/spec';
import type { Doc } from '../src/db/types';

const alice = { openid: 'alice' };

describe('parser', () => {
  it.each([
    'auth != null',
    "doc._openid == auth.openid && doc.status in ['a', 'b']",
    '!(doc.x > 1) || doc["y"] <= -2.5',
    'get(`database.members.${doc.conversationId}_${auth.openid}`).role == "admin"',
    "get('database.apps.config').open == true",
  ])('accepts %s', (rule) => {
    expect(() => parseRule(rule)).not.toThrow();
  });

  it.each([
    ['assignment', 'doc.x = 1', /unexpected character/],
    ['unknown names', 'foo == 1', /unknown identifier 'foo'/],
    ['a truncated rule', 'doc.x ==', /unexpected end/],
    ['calls other than get()', 'eval(1)', /unknown identifier/],
    ['a 4th get()', "get('database.a.1') && get('database.a.2') && get('database.a.3') && get('database.a.4')", /more than 3 get/],
    ['get() nested 3 deep', "get(`database.a.${get(`database.b.${get('database.c.d').x}`).y}`)", /nested deeper than 2/],
    ['over 1,024 characters', 'auth != null && ' + 'true && '.repeat(130) + 'true', /longer than 1024/],
  ])('rejects %s', (_label, rule, message) => {
    expect(() => parseRule(rule)).toThrow(RuleSyntaxError);
    expect(() => parseRule(rule)).toThrow(message);
  });
});

describe('evaluateExpression (concrete values, as storage and function rules use it)', () => {
  it('compares, tests membership and reads request.data', async () => {
    expect(await evaluateExpression('auth != null', { auth: alice })).toBe(true);
    expect(await evaluateExpression('auth != null', { auth: null })).toBe(false);
    expect(await evaluateExpression('doc._openid == auth.openid', { auth: alice, doc: { _openid: 'alice' } })).toBe(true);
    expect(await evaluateExpression('doc._openid == auth.openid', { auth: alice, doc: { _openid: 'bob' } })).toBe(false);
    expect(await evaluateExpression("request.data.kind in ['text', 'image']", { request: { data: { kind: 'image' } } })).toBe(true);
    expect(await evaluateExpression('auth.openid in doc.members', { auth: alice, doc: { members: ['bob', 'alice'] } })).toBe(true);
    expect(await evaluateExpression('doc.n >= 3 && doc.n < 10', { doc: { n: 3 } })).toBe(true);
    expect(await evaluateExpression('doc.n > "3"', { doc: { n: 4 } })).toBe(false); // number vs string: false
    expect(await evaluateExpression('doc.at < now', { doc: { at: new Date(1000) }, now: 2000 })).toBe(true);
    expect(await evaluateExpression(true, {})).toBe(true);
    expect(await evaluateExpression(undefined, {})).toBe(false);
  });

  it('treats a missing document from get() as null and comparisons over its fields as false', async () => {
    const getDocument = async (): Promise<null> => null;
    expect(await evaluateExpression("get('database.members.x').role == 'admin'", { getDocument })).toBe(false);
    expect(await evaluateExpression("get('database.members.x').role != 'admin'", { getDocument })).toBe(false);
    expect(await evaluateExpression("get('database.members.x') == null", { getDocument })).toBe(true);
  });

  it('tests a path against a regex literal, as storage rules give a folder its own permission', async () => {
    const rule = '/^avatars\\//.test(resource.path) || resource.openid == auth.openid';
    expect(await evaluateExpression(rule, { auth: alice, resource: { openid: 'bob', path: 'avatars/bob/1.png' } })).toBe(true);
    expect(await evaluateExpression(rule, { auth: alice, resource: { openid: 'bob', path: 'conversations/g/bob/m.jpg' } })).toBe(false);
    expect(await evaluateExpression(rule, { auth: alice, resource: { openid: 'alice', path: 'conversations/g/alice/m.jpg' } })).toBe(true);
    // Not at the start: the anchor holds; flags are read; a non-string subject never matches.
    expect(await evaluateExpression('/^avatars/.test(resource.path)', { resource: { path: 'x/avatars/1.png' } })).toBe(false);
    expect(await evaluateExpression('/^AVATARS/i.test(resource.path)', { resource: { path: 'avatars/1.png' } })).toBe(true);
    expect(await evaluateExpression('/^1/.test(resource.size)', { resource: { size: 12 } })).toBe(false);
    expect(() => parseRule('/^a/.exec(resource.path)')).toThrow(RuleSyntaxError);
    expect(() => parseRule('/^a/')).toThrow(RuleSyntaxError);
    expect(() => parseRule('/(/.test(resource.path)')).toThrow(RuleSyntaxError);
  });
});

describe('RulesGuard subset check (no database: get() reads from a map)', () => {
  const spec = (rules: CollectionSpec['rules']): CollectionSpec[] => [{ collectionName: 'c', description: '', schema: {}, rules, indexes: [] }];
  const members: Record<string, Doc> = { room1_alice: { _id: 'room1_alice', role: 'member' } };
  const db = { find: async (_c: string, q: Record<string, unknown>) => (members[q._id as string] ? [members[q._id as string]] : []) };
  const allows = (rules: CollectionSpec['rules'], operation: 'read' | 'create' | 'update' | 'delete', query: Record<string, unknown>, data?: Record<string, unknown>) =>
    new RulesGuard(() => spec(rules), db).allows({ openid: 'alice', appid: 'app', collection: 'c', operation, query, data });
  const owner = { read: 'doc._openid == auth.openid', write: 'doc._openid == auth.openid' };

  it('needs the query to pin the field the rule reads', async () => {
    expect(await allows(owner, 'read', { _openid: 'alice' })).toBe(true);
    expect(await allows(owner, 'read', { _openid: '{openid}' })).toBe(true); // placeholder = caller
    expect(await allows(owner, 'read', { _openid: { $in: ['alice'] } })).toBe(true);
    expect(await allows(owner, 'read', {})).toBe(false); // wider than the rule
    expect(await allows(owner, 'read', { _openid: { $in: ['alice', 'bob'] } })).toBe(false);
    expect(await allows(owner, 'read', { _openid: { $ne: 'bob' } })).toBe(false);
    expect(await allows(owner, 'read', { _id: 'x' })).toBe(false); // doc(id) under an owner rule
  });

  it('accepts `in` sets whose every value passes, and $or branches each passing', async () => {
    const rules = { read: "doc.status == 'visible' || doc.status == 'pinned'" };
    expect(await allows(rules, 'read', { status: { $in: ['visible', 'pinned'] } })).toBe(true);
    expect(await allows(rules, 'read', { status: { $in: ['visible', 'pending'] } })).toBe(false);
    expect(await allows(rules, 'read', { $or: [{ status: 'visible' }, { status: 'pinned', x: 1 }] })).toBe(true);
    expect(await allows(rules, 'read', { $or: [{ status: 'visible' }, { x: 1 }] })).toBe(false);
    expect(await allows(rules, 'read', { $and: [{ status: { $in: ['visible', 'pending'] } }, { status: 'visible' }] })).toBe(true);
  });

  it('is decided by a definite side of || even when the other side is open', async () => {
    const rules = { read: 'doc.published == true || doc.author == auth.openid' };
    expect(await allows(rules, 'read', { published: true })).toBe(true);
    expect(await allows(rules, 'read', { author: 'alice' })).toBe(true);
    expect(await allows(rules, 'read', { published: false })).toBe(false);
  });

  it('evaluates get() with doc fields that the query fixes to one value', async () => {
    const rules = { read: 'get(`database.members.${doc.conversationId}_${auth.openid}`).role in ["member", "admin"]' };
    expect(await allows(rules, 'read', { conversationId: 'room1' })).toBe(true);
    expect(await allows(rules, 'read', { conversationId: 'room2' })).toBe(false); // no membership document
    expect(await allows(rules, 'read', { conversationId: { $in: ['room1'] } })).toBe(true);
    expect(await allows(rules, 'read', { conversationId: { $in: ['room1', 'room2'] } })).toBe(false); // multi-value in inside get()
    expect(await allows(rules, 'read', {})).toBe(false);
  });

  it('sees the new document on create and the update data on update; write is the fallback', async () => {
    const rules = { read: true, write: 'doc._openid == auth.openid', update: "doc._openid == auth.openid && request.data.status == 'recalled'" };
    expect(await allows(rules, 'create', {}, { _openid: 'alice', text: 'hi' })).toBe(true);
    expect(await allows(rules, 'create', {}, { _openid: 'bob' })).toBe(false);
    expect(await allows(rules, 'update', { _openid: 'alice' }, { $set: { status: 'recalled' } })).toBe(true);
    expect(await allows(rules, 'update', { _openid: 'alice' }, { $set: { status: 'visible' } })).toBe(false);
    expect(await allows(rules, 'delete', { _openid: 'alice' })).toBe(true);
    expect(await allows(rules, 'delete', { _openid: 'bob' })).toBe(false);
    expect(await allows({}, 'read', {})).toBe(false); // default deny
    expect(await allows({ read: 'doc.x ==' }, 'read', {})).toBe(false); // a broken rule denies
  });

  it('shapes update operators as request.data', () => {
    expect(updateDataForRules({ $set: { 'a.b': 1, c: 2 }, $inc: { n: 1 } })).toEqual({ a: { b: 1 }, c: 2, n: { $inc: 1 } });
    expect(updateDataForRules({ title: 't' })).toEqual({ title: 't' });
  });
});
