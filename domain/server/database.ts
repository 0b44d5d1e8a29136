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

const CONFLICT_RETRIES = 6;

function isConflict(err: unknown): boolean {
  return (err as { code?: string })?.code === 'DATABASE_TRANSACTION_CONFLICT' || /TRANSACTION_CONFLICT/.test(String((err as Error)?.message ?? ''));
}

/**
 * db.runTransaction retries a conflicting callback 3 times back to back (@cloudbase/database
 * 1.4.3 transaction/index.js); in a busy group many deliveries race for the same conversation, so
 * after that we back off with jitter and try again rather than fail a send.
 */
export async function runTransaction<T>(db: Database, run: (t: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await db.runTransaction(run)) as T;
    } catch (err) {
      if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
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
