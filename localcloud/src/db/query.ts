// Query matching, sorting, projection and updates on top of mingo 7, with the geo operators mingo
// lacks and with mingo's errors turned into CloudBase codes. The one place that knows mingo.
import { cloneValue } from './clone';
import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query as MingoQuery } from 'mingo/query';
import { update as mingoUpdate } from 'mingo/updater';
import type { AccumulatorOperator, ExpressionOperator, QueryOperator } from 'mingo/types';
import { CloudError, ErrorCodes } from '../errors';
import { fidelityAccumulatorOperators, fidelityExpressionOperators } from './expressions';
import { geoQueryOperators } from './geo';
import { checkQuery, checkUpdateAgainst, fidelityQueryOperators } from './operators';
import type { Doc, Query, SortSpec } from './types';

type AnyObject = Record<string, unknown>;

// Our geo operators take (selector, value) and ignore mingo's Options argument. The fidelity
// operators (operators.ts, expressions.ts) replace mingo's where mingo differs from MongoDB. The
// context is complete and used with mingo's base Query/Aggregator classes: the top-level `mingo`
// ones merge their built-in operators in first, and in mingo 7 the first definition wins.
const context = Context.init({
  accumulator: { ...accumulatorOperators, ...(fidelityAccumulatorOperators as unknown as Record<`$${string}`, AccumulatorOperator>) },
  expression: { ...expressionOperators, ...(fidelityExpressionOperators as unknown as Record<`$${string}`, ExpressionOperator>) },
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: { ...queryOperators, ...({ ...fidelityQueryOperators, ...geoQueryOperators } as unknown as Record<`$${string}`, QueryOperator>) },
  window: windowOperators,
});

/** `$where`, `$function` and `$accumulator` would run client-supplied JavaScript: never. */
const baseOptions = { scriptEnabled: false, context } as const;

function queryOptions(collectionResolver?: (name: string) => AnyObject[]) {
  return collectionResolver ? { ...baseOptions, collectionResolver } : baseOptions;
}

/** mingo reports unknown operators and bad operands by message; map them to stable codes. */
export function toCloudError(err: unknown): CloudError {
  if (err instanceof CloudError) return err;
  const message = (err as Error)?.message ?? String(err);
  if (/unknown|unsupported|invalid (?:query|update|top level) operator/i.test(message)) {
    return new CloudError(ErrorCodes.INVALID_OPERATOR, message);
  }
  return new CloudError(ErrorCodes.INVALID_QUERY, message);
}

/** Compiled predicates, cached per query object (watchers and rules test the same query often). */
const compiled = new WeakMap<object, MingoQuery>();

export function compileQuery(query: Query): MingoQuery {
  let q = compiled.get(query);
  if (!q) {
    if (!query || typeof query !== 'object' || Array.isArray(query)) {
      throw new CloudError(ErrorCodes.INVALID_QUERY, 'query must be an object');
    }
    try {
      checkQuery(query);
      q = new MingoQuery(query, baseOptions);
    } catch (err) {
      throw toCloudError(err);
    }
    compiled.set(query, q);
  }
  return q;
}

export function testQuery(q: MingoQuery, doc: AnyObject): boolean {
  try {
    return q.test(doc);
  } catch (err) {
    throw toCloudError(err);
  }
}

/** Sort, skip, limit and projection over already-matched documents (mingo's find semantics). */
export function page(docs: Doc[], options: { sort?: SortSpec; skip?: number; limit?: number; projection?: AnyObject }): AnyObject[] {
  try {
    const hasProjection = options.projection && Object.keys(options.projection).length > 0;
    let cursor = new MingoQuery({}, baseOptions).find<AnyObject>(docs, hasProjection ? options.projection : undefined);
    if (options.sort && Object.keys(options.sort).length) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return cursor.all() as AnyObject[];
  } catch (err) {
    throw toCloudError(err);
  }
}

export function runPipeline(docs: AnyObject[], stages: AnyObject[], collectionResolver: (name: string) => AnyObject[]): AnyObject[] {
  try {
    return new Aggregator(stages, queryOptions(collectionResolver)).run(docs) as AnyObject[];
  } catch (err) {
    throw toCloudError(err);
  }
}

const UPDATE_OPERATORS = new Set(['$set', '$inc', '$mul', '$unset', '$push', '$pull', '$pullAll', '$addToSet', '$pop', '$min', '$max', '$rename', '$currentDate', '$bit']);

/** Checks an update document before anything is written: operators only, each known, objects as operands. */
export function validateUpdate(update: AnyObject): void {
  const keys = Object.keys(update);
  if (!keys.length) throw new CloudError(ErrorCodes.INVALID_PARAM, 'update data must not be empty');
  for (const key of keys) {
    if (!key.startsWith('$')) throw new CloudError(ErrorCodes.INVALID_PARAM, `update data mixes fields and operators (${key})`);
    if (!UPDATE_OPERATORS.has(key)) throw new CloudError(ErrorCodes.INVALID_OPERATOR, `unknown update operator ${key}`);
    const operand = update[key];
    if (!operand || typeof operand !== 'object' || Array.isArray(operand)) {
      throw new CloudError(ErrorCodes.INVALID_PARAM, `${key} needs an object of fields`);
    }
    if (Object.keys(operand).some((f) => f === '_id' || f.startsWith('_id.'))) {
      throw new CloudError(ErrorCodes.INVALID_PARAM, '_id cannot be updated');
    }
  }
}

/**
 * Applies update operators to a deep copy of `doc` and returns the copy. Stored documents are never
 * mutated in place (readers and transactions may hold them).
 */
export function applyUpdate(doc: Doc, update: AnyObject): Doc {
  const copy = cloneValue(doc);
  try {
    checkUpdateAgainst(copy, update);
    mingoUpdate(copy, update, undefined, undefined, { cloneMode: 'deep', queryOptions: baseOptions });
  } catch (err) {
    throw toCloudError(err);
  }
  return copy;
}
