// What a phone's window holds, for page.evaluate callbacks in end-to-end tests. These files are
// typed as Node code, so the mini program's global `wx` is not declared here: callbacks write
// `(window as unknown as PhoneWindow).wx` (a closure cannot be used: callbacks are serialized).
export interface PhoneWindow {
  /** The phone's `wx`; loosely typed: tests call a few APIs and check the results. */
  wx: Record<string, (...args: unknown[]) => unknown> & { cloud: Record<string, (...args: unknown[]) => unknown> };
  __previewErrors: string[];
  __preview?: { identity: { openid: string }; app: Record<string, unknown>; lifecycle: { background(): void; foreground(): void } };
}
