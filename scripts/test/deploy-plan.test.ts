import type { CollectionSpec } from '../../domain/spec';
import { describeStep, planDatabaseDeploy } from '../deploy/plan';

const spec: CollectionSpec = {
  collectionName: 'messages',
  description: 'test',
  schema: { type: 'object' },
  rules: { read: 'auth != null', write: false },
  indexes: [
    {
      name: 'conversation_seq',
      keys: [
        { name: 'conversationId', direction: '1' },
        { name: 'seq', direction: '1' },
      ],
    },
    { name: 'pending', unique: true, keys: [{ name: 'status', direction: '1' }] },
  ],
};

describe('database deploy plan', () => {
  it('without knowledge of the env creates everything and drops nothing', () => {
    const plan = planDatabaseDeploy([spec]).map(describeStep);
    expect(plan).toEqual([
      'collection messages: create if missing',
      'collection messages: create index conversation_seq (conversationId:1, seq:1)',
      'collection messages: create unique index pending (status:1)',
      'collection messages: set security rules {"read":"auth != null","write":false}',
    ]);
  });

  it('creates only missing indexes and drops undeclared ones, never _id_', () => {
    const plan = planDatabaseDeploy([spec], new Map([['messages', ['_id_', 'conversation_seq', 'old_index']]]));
    expect(plan.map((s) => s.kind)).toEqual(['ensureCollection', 'createIndex', 'dropIndex', 'setRules']);
    expect(plan[1]).toMatchObject({ kind: 'createIndex', index: { name: 'pending' } });
    expect(plan[2]).toEqual({ kind: 'dropIndex', collection: 'messages', indexName: 'old_index' });
  });
});
