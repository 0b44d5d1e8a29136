// The app's one composition root: the messaging engine (sign-in, outbox, live conversation list)
// started once per app run on wx's platform, and the services built on its cloud client (so every
// call is made as the signed-in user). Pages get what they need from here and nowhere else; tests
// and the preview's harness put their own in with the set* functions.
import { GroupsService } from './services/groups';
import { createMessaging, type Messaging } from './services/messaging';
import { NotificationsService } from './services/notifications';
import { wxPlatform } from './services/platform';
import { SafetyService } from './services/safety';

export interface AppSafety {
  safety: SafetyService;
  /** One per app run, so the template ids it loaded are at hand for the next tap. */
  notifications: NotificationsService;
}

let messaging: Promise<Messaging> | null = null;
let groups: GroupsService | null = null;
let safety: Promise<AppSafety> | null = null;

export function appMessaging(): Promise<Messaging> {
  if (!messaging) {
    const engine = createMessaging(wxPlatform());
    const started = engine.start().then(() => engine);
    messaging = started;
    // a failed start (offline on first launch with no cached profile) is retried on the next call
    started.catch(() => {
      if (messaging === started) messaging = null;
    });
  }
  return messaging;
}

export async function appGroups(): Promise<GroupsService> {
  return groups ?? new GroupsService((await appMessaging()).cloud);
}

export function appSafety(): Promise<AppSafety> {
  if (!safety) {
    const built = appMessaging().then(({ cloud }) => ({ safety: new SafetyService(cloud), notifications: new NotificationsService(cloud) }));
    safety = built;
    built.catch(() => {
      if (safety === built) safety = null;
    });
  }
  return safety;
}

/** Tests and the preview's harness: use this engine (or a fake shaped like it) instead. */
export function setAppMessaging(engine: Messaging | null): void {
  messaging = engine ? Promise.resolve(engine) : null;
}

/** Tests: use this service (or a fake shaped like it) instead. */
export function setAppGroups(service: GroupsService | null): void {
  groups = service;
}

/** Tests: use these services (or fakes shaped like them) instead. */
export function setAppSafety(services: Partial<AppSafety> | null): void {
  safety = services ? Promise.resolve(services as AppSafety) : null;
}
