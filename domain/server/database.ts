// Typed views of the wx-server-sdk database used by the functions' shared server code.
// The SDK types transactions as `any`; these interfaces name exactly what we use of them.
import type * as Cloud from 'wx-server-sdk';

export type Database = ReturnType<typeof Cloud.database>;

export interface TransactionDoc {
  get(): Promise<{ data: unknown }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  set(options: { data: Record<string, unknown> }): Promise<unknown>;
}

export interface Transaction {
  collection(name: string): { doc(id: string): TransactionDoc; add(options: { data: Record<string, unknown> }): Promise<{ _id: string }> };
}

export async function runTransaction<T>(db: Database, run: (t: Transaction) => Promise<T>): Promise<T> {
  return (await db.runTransaction(run)) as T;
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
