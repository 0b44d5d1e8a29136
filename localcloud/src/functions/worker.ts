// The program inside every function instance (a child process, as a CloudBase instance is a process):
// it loads one function's bundle once ("cold start"), then runs one invocation at a time, each with the
// environment the parent sends: wx-server-sdk reads identity (WX_OPENID...), the calling-context token
// (WX_API_TOKEN) and the API URL (TCB_CONTEXT_CNFG) from process.env at call time, so setting them
// before each call and never running two calls at once keeps identities apart.
// Self-contained on purpose (node built-ins only): the runner compiles this file alone with esbuild.
// The protocol types live in protocol.ts, imported for types only.
import type { ChildMessage, ParentMessage, SerializedError } from './protocol';

const [modulePath, handlerExport] = process.argv.slice(2);
let currentId: string | null = null;
let appliedEnvKeys: string[] = [];

function send(message: ChildMessage): void {
  process.send?.(message);
}

function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  let message: string;
  try {
    message = typeof err === 'string' ? err : JSON.stringify(err);
  } catch {
    message = String(err);
  }
  return { name: 'Error', message };
}

// Console output goes to the parent over IPC rather than the pipes: IPC messages keep their order,
// so every line of an invocation arrives before its `done`, and lines are tagged with the invocation.
for (const streamName of ['stdout', 'stderr'] as const) {
  const stream = process[streamName];
  const forward = (chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    send({ type: 'log', id: currentId, stream: streamName, text });
    const callback = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof callback === 'function') (callback as () => void)();
    return true;
  };
  stream.write = forward as typeof stream.write;
}

function failCurrentAndExit(err: unknown): void {
  console.error(err instanceof Error ? err.stack : String(err));
  if (currentId) send({ type: 'done', id: currentId, ok: false, error: serializeError(err) });
  // The instance's state is unknown after an uncaught error: the parent discards this process.
  setImmediate(() => process.exit(1));
}
process.on('uncaughtException', failCurrentAndExit);
process.on('unhandledRejection', failCurrentAndExit);

type Handler = (event: unknown, context: unknown, callback?: (err: unknown, value?: unknown) => void) => unknown;
let handler: Handler | undefined;

const initStarted = Date.now();
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the function's bundle, known only at run time
  const mod = require(modulePath) as Record<string, unknown>;
  const candidate = mod[handlerExport];
  if (typeof candidate !== 'function') throw new Error(`${modulePath} does not export a function "${handlerExport}"`);
  handler = candidate as Handler;
  send({ type: 'ready', initMs: Date.now() - initStarted });
} catch (err) {
  send({ type: 'init-error', error: serializeError(err) });
  setImmediate(() => process.exit(1));
}

function runHandler(event: unknown, context: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // SCF's Node runtime accepts both async handlers and the (event, context, callback) style.
    const callback = (err: unknown, value?: unknown) => (err ? reject(err) : resolve(value));
    try {
      const returned = handler!(event, context, callback);
      if (returned !== undefined || handler!.length < 3) Promise.resolve(returned).then(resolve, reject);
    } catch (err) {
      reject(err);
    }
  });
}

process.on('message', (raw: unknown) => {
  const message = raw as ParentMessage;
  if (message.type !== 'invoke' || !handler) return;
  for (const key of appliedEnvKeys) delete process.env[key];
  Object.assign(process.env, message.env);
  appliedEnvKeys = Object.keys(message.env);
  currentId = message.id;
  runHandler(message.event, message.context).then(
    (value) => {
      let response: string;
      try {
        // A function returning nothing answers null, as SCF serialises an undefined result.
        response = JSON.stringify(value === undefined ? null : value);
      } catch (err) {
        send({ type: 'done', id: message.id, ok: false, error: serializeError(err) });
        currentId = null;
        return;
      }
      send({ type: 'done', id: message.id, ok: true, response });
      currentId = null;
    },
    (err: unknown) => {
      send({ type: 'done', id: message.id, ok: false, error: serializeError(err) });
      currentId = null;
    },
  );
});
