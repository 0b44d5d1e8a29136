// What deploying database/ to a real CloudBase env means, as a list of steps. Pure, so the
// dry run prints exactly what the real run performs, and tests can check it.
import type { CollectionSpec, IndexSpec } from '../../domain/spec';

export type DeployStep =
  | { kind: 'ensureCollection'; collection: string }
  | { kind: 'createIndex'; collection: string; index: IndexSpec }
  | { kind: 'dropIndex'; collection: string; indexName: string }
  | { kind: 'setRules'; collection: string; securityRule: string };

/** Index names CloudBase manages itself and a deploy must never drop. */
const BUILT_IN_INDEXES = new Set(['_id_']);

/**
 * @param existing index names already on each collection (from describeCollection), or
 *   undefined when unknown (dry run without credentials): then every declared index is listed
 *   as to-create and nothing is dropped.
 */
export function planDatabaseDeploy(specs: CollectionSpec[], existing?: Map<string, string[]>): DeployStep[] {
  const steps: DeployStep[] = [];
  for (const spec of specs) {
    const name = spec.collectionName;
    const present = existing?.get(name) ?? [];
    steps.push({ kind: 'ensureCollection', collection: name });
    for (const index of spec.indexes) {
      if (!present.includes(index.name)) steps.push({ kind: 'createIndex', collection: name, index });
    }
    if (existing) {
      const declared = new Set(spec.indexes.map((i) => i.name));
      for (const indexName of present) {
        if (!declared.has(indexName) && !BUILT_IN_INDEXES.has(indexName)) steps.push({ kind: 'dropIndex', collection: name, indexName });
      }
    }
    steps.push({ kind: 'setRules', collection: name, securityRule: JSON.stringify(spec.rules) });
  }
  return steps;
}

export function describeStep(step: DeployStep): string {
  switch (step.kind) {
    case 'ensureCollection':
      return `collection ${step.collection}: create if missing`;
    case 'createIndex': {
      const keys = step.index.keys.map((k) => `${k.name}:${k.direction}`).join(', ');
      return `collection ${step.collection}: create ${step.index.unique ? 'unique ' : ''}index ${step.index.name} (${keys})`;
    }
    case 'dropIndex':
      return `collection ${step.collection}: drop index ${step.indexName} (not in database/)`;
    case 'setRules':
      return `collection ${step.collection}: set security rules ${step.securityRule}`;
  }
}
