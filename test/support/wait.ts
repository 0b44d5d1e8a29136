// Waiting in tests: for state that has no event of its own (a document a timer writes, a store a
// watch fills), poll a probe until it answers something truthy, never sleep a fixed time.

/**
 * Polls `probe` (sync or async) until it returns a truthy value, and returns that value; fails after
 * `timeoutMs` naming `what` (a function to describe the state at the time of failure). `everyMs`
 * spaces the probes, for a probe that itself acts (sends a message) and must not flood.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string | (() => string), timeoutMs = 10_000, everyMs = 15): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
