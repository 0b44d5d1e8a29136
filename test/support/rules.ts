// What a modified mini program sees when the security rules refuse it: the client's write or query
// rejects with a permission error. Tests of the rules ask 'ok' or 'denied' of each attempt.

/** 'denied' when the rules refuse, 'ok' when the request went through; any other error is rethrown. */
export async function attempt(run: () => Promise<unknown>): Promise<'ok' | 'denied'> {
  try {
    await run();
    return 'ok';
  } catch (err) {
    if (/permission|denied/i.test(String((err as { errMsg?: string }).errMsg ?? (err as Error).message))) return 'denied';
    throw err;
  }
}
