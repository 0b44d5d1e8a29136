// @cloudbase/database 1.4.3, the watch client the preview's wx.cloud is built on, logs three normal
// events at warning level, unconditionally:
// - realtime/websocket-client.js:110 `[realtime] ws event: open` on every socket it opens;
// - realtime/virtual-websocket-client.js:667 `nextevent <n> ignored` on every change pushed, although
//   the next line handles that very event (the word "ignored" is wrong).
// - realtime/virtual-websocket-client.js:148-160 sends REBUILD_WATCH (a watch resuming after a lost
//   connection) with skipOnMessage false, so websocket-client.js also hands the answer to
//   onMessage, which finds the watch still REBUILDING and warns "unexpected message received
//   while REBUILDING"; the answer itself is handled by the waiting request.
// WeChat's own wx.cloud (in the base library, not this npm package) prints neither. They are
// dropped here, matched exactly, so every other warning, the SDK's real ones included, still shows.
const SDK_DEBUG = [/^\[realtime\] ws event: open$/, /^nextevent \d+ ignored$/, /^\[realtime listener\] internal non-fatal error: unexpected message received while REBUILDING$/];

export function quietSdkDebugLogs(target: Console = console): void {
  const warn = target.warn.bind(target);
  target.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && SDK_DEBUG.some((p) => p.test(args[0] as string))) return;
    warn(...args);
  };
}
