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

/** Attempts after the first; with the backoff below the last starts at most about 1.6 s after the first. */
const CONFLICT_RETRIES = 6;

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
 * retry conflicts with a small jittered exponential backoff, so racing deliveries to one
 * conversation spread out instead of colliding again.
 */
export async function runTransaction<T>(db: Database, run: (t: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await db.runTransaction(run, 0)) as T;
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, (5 + Math.random() * 20) * 2 ** attempt));
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
