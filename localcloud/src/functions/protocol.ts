// Messages between the runner and a function instance process (worker.ts), over Node's IPC channel.

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type ParentMessage = {
  type: 'invoke';
  id: string;
  /** Variables set for this invocation only (identity, context token, API URL); removed afterwards. */
  env: Record<string, string>;
  event: unknown;
  context: Record<string, unknown>;
};

export type ChildMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'log'; id: string | null; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'done'; id: string; ok: true; response: string }
  | { type: 'done'; id: string; ok: false; error: SerializedError };
