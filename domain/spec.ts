// The one format of a collection spec in database/<collection>.json, read by the deploy script,
// the local cloud (indexes, rules) and the validators (ajv). Modelled on the CloudBase framework
// database plugin (collectionName, createIndexes with keys/direction) so deploy maps 1:1.
import fs from 'fs';
import path from 'path';

export type RuleExpression = boolean | string;

export interface CollectionRules {
  read?: RuleExpression;
  write?: RuleExpression;
  create?: RuleExpression;
  update?: RuleExpression;
  delete?: RuleExpression;
}

export interface IndexKey {
  name: string;
  /** '1' ascending, '-1' descending, '2dsphere' geo (CloudBase's spelling). */
  direction: '1' | '-1' | '2dsphere';
}

export interface IndexSpec {
  name: string;
  unique?: boolean;
  keys: IndexKey[];
  /** Why the index exists: the query it serves. Documentation only; deploy does not send it. */
  description?: string;
}

export interface CollectionSpec {
  collectionName: string;
  description: string;
  /** JSON Schema (draft 2020-12 subset ajv understands) of one stored document. */
  schema: Record<string, unknown>;
  rules: CollectionRules;
  indexes: IndexSpec[];
}

export const DATABASE_DIR = path.resolve(__dirname, '../database');

/**
 * Reads every database/<collection>.json spec, sorted by collection name. Files named
 * `*.rules.json` hold non-collection rules (storage, function invoke) and are not specs.
 */
export function loadCollectionSpecs(dir = DATABASE_DIR): CollectionSpec[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.rules.json'))
    .sort()
    .map((f) => {
      const spec = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CollectionSpec;
      if (spec.collectionName !== path.basename(f, '.json')) {
        throw new Error(`database/${f}: collectionName ${spec.collectionName} does not match the file name`);
      }
      return spec;
    });
}
