// One collection's committed state: documents by id, secondary indexes built from the spec, unique
// constraints, and the version (last change seq) of every id, which transactions use to detect
// conflicts. Mutated only through apply(), after the change is durable.
import type { IndexSpec } from '../../../domain/spec';
import { CloudError, ErrorCodes } from '../errors';
import { FieldIndex, UniqueIndex } from './indexes';
import { planCandidates } from './planner';
import { OrderedIndex, orderedIndexesOf } from './ordered';
import type { Doc, DocId, Query } from './types';

export interface DocChange {
  collection: string;
  id: DocId;
  before: Doc | null;
  after: Doc | null;
  kind: 'insert' | 'update' | 'replace' | 'remove';
}

export class Collection {
  readonly docs = new Map<DocId, Doc>();
  /** Last change seq per id, kept after removal so a transaction notices a delete. */
  readonly versions = new Map<DocId, number>();
  private readonly fieldIndexes = new Map<string, FieldIndex>();
  private readonly uniques: UniqueIndex[] = [];
  /** Fields with a 2dsphere index: the default key of $geoNear. */
  readonly geoFields: string[] = [];
  /** Compound indexes kept in key order, for sorted pages and counts (ordered.ts). */
  readonly ordered: OrderedIndex[];

  constructor(
    readonly name: string,
    indexes: IndexSpec[] = [],
  ) {
    this.ordered = orderedIndexesOf(indexes);
    for (const spec of indexes) {
      const lead = spec.keys[0];
      if (!lead) continue;
      if (lead.direction === '2dsphere') this.geoFields.push(lead.name);
      else if (lead.name !== '_id' && !this.fieldIndexes.has(lead.name)) this.fieldIndexes.set(lead.name, new FieldIndex(lead.name));
      if (spec.unique && !(spec.keys.length === 1 && lead.name === '_id')) {
        this.uniques.push(
          new UniqueIndex(
            spec.name,
            spec.keys.map((k) => k.name),
          ),
        );
      }
    }
  }

  get size(): number {
    return this.docs.size;
  }

  indexedFields(): string[] {
    return [...this.fieldIndexes.keys()];
  }

  /** Candidate documents for a query: an index lookup when one applies, else every document. */
  candidateIds(query: Query): Iterable<DocId> {
    const planned = planCandidates(query, { hasId: (id) => this.docs.has(id), index: (f) => this.fieldIndexes.get(f) });
    return planned ?? this.docs.keys();
  }

  /**
   * Refuses a batch that would leave two documents with the same unique key, considering the batch
   * as a whole (a key released by one change may be taken by another).
   */
  checkUnique(changes: DocChange[]): void {
    if (!this.uniques.length) return;
    const changing = new Set(changes.map((c) => c.id));
    for (const index of this.uniques) {
      const claimed = new Map<string, DocId>();
      for (const change of changes) {
        if (!change.after) continue;
        const key = index.keyOf(change.after);
        const owner = index.owner(key);
        const rival = claimed.get(key) ?? (owner !== undefined && owner !== change.id && !changing.has(owner) ? owner : undefined);
        if (rival !== undefined && rival !== change.id) {
          throw new CloudError(
            ErrorCodes.DUPLICATE_KEY,
            `E11000 duplicate key error collection: ${this.name} index: ${index.name} dup key: ${JSON.stringify(index.fields)} (document ${change.id} conflicts with ${rival})`,
          );
        }
        claimed.set(key, change.id);
      }
    }
  }

  apply(change: DocChange, seq: number): void {
    const current = this.docs.get(change.id);
    for (const o of this.ordered) o.replace(current ?? null, change.after);
    if (current) this.unindex(current);
    if (change.after) {
      this.docs.set(change.id, change.after);
      this.index(change.after);
    } else {
      this.docs.delete(change.id);
    }
    this.versions.set(change.id, seq);
  }

  private index(doc: Doc): void {
    for (const i of this.fieldIndexes.values()) i.add(doc);
    for (const u of this.uniques) u.add(doc);
  }

  private unindex(doc: Doc): void {
    for (const i of this.fieldIndexes.values()) i.remove(doc);
    for (const u of this.uniques) u.remove(doc);
  }
}
