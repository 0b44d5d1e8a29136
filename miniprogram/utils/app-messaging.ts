// The pages' one way to the messaging engine: started once per app run (sign-in, outbox, live
// conversation list), shared by every page. Tests put a fake in with setAppMessaging().
// A thin adapter until the engine exposes its own app-wide instance.
import { createMessaging, type Messaging } from '../services/messaging';
import { wxPlatform } from '../services/platform';

let started: Promise<Messaging> | null = null;

export function appMessaging(): Promise<Messaging> {
  if (!started) {
    const messaging = createMessaging(wxPlatform());
    started = messaging.start().then(() => messaging);
    // a failed start (offline on first launch with no cached profile) is retried on the next call
    started.catch(() => {
      started = null;
    });
  }
  return started;
}

/** Tests and the preview's harness: use this engine (or a fake shaped like it) instead. */
export function setAppMessaging(messaging: Messaging | null): void {
  started = messaging ? Promise.resolve(messaging) : null;
}
