// Test support for the cloud functions: calls as a mini program user (test/support/users.ts)
// against a local cloud running the project's real functions.
import { newClientId } from '../../domain/ids';
import type { FunctionResult } from '../../domain/errors';
import type { User } from '../support/users';

/** Calls a function and returns its `{ok, data | error}` answer. */
export async function callAs<T = unknown>(user: User, name: string, data: unknown): Promise<FunctionResult<T>> {
  const res = await user.callFunction({ name, data });
  return res.result as FunctionResult<T>;
}

export async function okAs<T = unknown>(user: User, name: string, data: unknown): Promise<T> {
  const res = await callAs<T>(user, name, data);
  if (!res.ok) throw new Error(`${name} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** Writes a pending text message the way the mini program does; returns its client id. */
export async function writePending(user: User, conversationId: string, text: string): Promise<string> {
  const db = user.database();
  const _id = newClientId();
  await db.collection('messages').add({
    data: { _id, conversationId, type: 'text', content: { text }, status: 'pending', clientTime: Date.now(), writtenAt: db.serverDate() },
  });
  return _id;
}
