// Every database/ spec must be usable by all three readers: ajv (schema), the rules engine
// (expression size), the index builder and deploy (keys named in the schema).
import { loadCollectionSpecs } from '../spec';
import { compile, describeErrors } from '../validate';

const specs = loadCollectionSpecs();

describe('database specs', () => {
  it('declares the core collections', () => {
    const names = specs.map((s) => s.collectionName);
    expect(names).toEqual(expect.arrayContaining(['conversations', 'members', 'messages', 'users']));
  });

  it.each(specs.map((s) => [s.collectionName, s] as const))('%s: schema compiles and rules fit CloudBase limits', (_name, spec) => {
    expect(() => compile(spec.schema)).not.toThrow();
    for (const rule of Object.values(spec.rules)) {
      if (typeof rule === 'string') expect(rule.length).toBeLessThanOrEqual(1024);
    }
    const props = (spec.schema.properties ?? {}) as Record<string, unknown>;
    for (const index of spec.indexes) {
      for (const key of index.keys) expect(Object.keys(props)).toContain(key.name.split('.')[0]);
    }
  });
});

describe('document validation', () => {
  const messages = specs.find((s) => s.collectionName === 'messages')!;
  const validate = compile(messages.schema);

  it('accepts a pending text message written by a client', () => {
    const ok = validate({ _id: 'c1a2b3c4d5', _openid: 'o1', conversationId: 'g1', type: 'text', content: { text: 'hi' }, status: 'pending', clientTime: 1, writtenAt: new Date() });
    expect(describeErrors(validate.errors)).toBe('');
    expect(ok).toBe(true);
  });

  it('rejects unknown fields, bad status and non-date timestamps with readable errors', () => {
    expect(validate({ _id: 'c1a2b3c4d5', _openid: 'o1', conversationId: 'g1', type: 'text', status: 'sent', clientTime: 1, extra: 1 })).toBe(false);
    const text = describeErrors(validate.errors);
    expect(text).toContain('/status');
    expect(text).toContain('additional properties');
    expect(validate({ _id: 'c1a2b3c4d5', _openid: 'o1', conversationId: 'g1', type: 'text', status: 'visible', clientTime: 1, writtenAt: new Date(), createdAt: 'yesterday' })).toBe(false);
    expect(validate({ _id: 'c1a2b3c4d5', _openid: 'o1', conversationId: 'g1', type: 'text', status: 'visible', clientTime: 1, writtenAt: new Date(), createdAt: new Date() })).toBe(true);
  });
});
