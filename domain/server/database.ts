// Typed views of the wx-server-sdk database used by the functions' shared server code.
// The SDK types transactions as `any`; these interfaces name exactly what we use of them.
import type * as Cloud from 'wx-server-sdk';

export type Database = ReturnType<typeof Cloud.database>;

export interface TransactionDoc {
  get(): Promise<{ data: unknown }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  set(options: { data: Record<string, unknown> }): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface Transaction {
  collection(name: string): { doc(id: string): TransactionDoc; add(options: { data: Record<string, unknown> }): Promise<{ _id: string }> };
}

/**
 * Retries after the first attempt. In a busy room every delivery races for the conversation's
 * seq (up to one per phone at a time); with first-writer-wins, each round has one winner, so a
 * delivery may lose many rounds in a row, and running out sends the phone into its own backoff
 * of a second or more. Before write-time conflicts the SDK's three immediate retries times our
 * seven gave 28 attempts; this keeps about that budget.
 */
const CONFLICT_RETRIES = 30;
/** Ceiling of one wait: a loser must come back about as fast as the next fresh delivery arrives. */
const MAX_BACKOFF_MS = 32;

/** Full jitter, doubling from 2 ms up to the ceiling: worst case about 1 s of waiting in all. */
function conflictBackoffMs(attempt: number): number {
  return 1 + Math.random() * Math.min(MAX_BACKOFF_MS, 2 * 2 ** attempt);
}

/**
 * A CloudBase transaction conflict, by code or by message. Conflicts surface at write time, inside
 * the callback, and wx-server-sdk rethrows those as its own errors without the code
 * ("document.update:fail -501001 resource system error. [ResourceUnavailable.TransactionConflict]
 * Transaction is conflict, ..."); only a conflict found at commit keeps `code`.
 */
export function isTransactionConflict(err: unknown): boolean {
  const e = err as { code?: unknown; errMsg?: unknown; message?: unknown } | null | undefined;
  if (e?.code === 'DATABASE_TRANSACTION_CONFLICT') return true;
  return /TransactionConflict|DATABASE_TRANSACTION_CONFLICT/.test(`${String(e?.errMsg ?? '')} ${String(e?.message ?? '')}`);
}

/**
 * db.runTransaction with our own bounded retries. The SDK only retries when the error still has
 * its code (@cloudbase/database 1.4.3 transaction/index.js), which write-time conflicts lose, and
 * then back to back; so the SDK gets one attempt (times 0: it rolls back on any error) and we
 * retry conflicts with a small jittered, capped backoff, so racing deliveries to one
 * conversation spread out instead of colliding again in step.
 */
export async function runTransaction<T>(db: Database, run: (t: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await db.runTransaction(run, 0)) as T;
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
    }
  }
}

/** doc(id).get() that answers null for a missing document instead of throwing. */
export async function findById<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const { data } = (await db.collection(collection).where({ _id: id }).limit(1).get()) as { data: unknown[] };
  return (data[0] as T | undefined) ?? null;
}

/** The rows of a get(): the SDK types results as a union with void/string for callback styles. */
export function rows<T>(result: unknown): T[] {
  return (result as { data: T[] }).data;
}
