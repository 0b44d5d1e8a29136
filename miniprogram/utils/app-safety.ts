// The pages' way to the safety and notification services, built on the signed-in engine's cloud
// client (every call is made as the signed-in user). One NotificationsService per app run, so the
// template ids it loaded are at hand for the next tap. Tests put fakes in with setAppSafety().
import { NotificationsService } from '../services/notifications';
import { SafetyService } from '../services/safety';
import { appMessaging } from './app-messaging';

export interface AppSafety {
  safety: SafetyService;
  notifications: NotificationsService;
}

let current: Promise<AppSafety> | null = null;

export function appSafety(): Promise<AppSafety> {
  if (!current) {
    current = appMessaging().then(({ cloud }) => ({ safety: new SafetyService(cloud), notifications: new NotificationsService(cloud) }));
    current.catch(() => {
      current = null;
    });
  }
  return current;
}

/** Tests: use these services (or fakes shaped like them) instead. */
export function setAppSafety(services: Partial<AppSafety> | null): void {
  current = services ? Promise.resolve(services as AppSafety) : null;
}
