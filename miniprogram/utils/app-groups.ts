// The pages' way to the groups service: built on the signed-in engine's cloud client (so every
// call is made as the signed-in user). Tests put a fake in with setAppGroups().
import { GroupsService } from '../services/groups';
import { appMessaging } from './app-messaging';

let override: GroupsService | null = null;

export async function appGroups(): Promise<GroupsService> {
  if (override) return override;
  return new GroupsService((await appMessaging()).cloud);
}

/** Tests: use this service (or a fake shaped like it) instead. */
export function setAppGroups(service: GroupsService | null): void {
  override = service;
}

/** A failed call as a toast with the words the error code maps to. */
export function toastError(err: unknown, fallback = '操作失败，请稍后再试'): void {
  void wx.showToast({ title: (err as { userMessage?: string }).userMessage ?? fallback, icon: 'none' });
}
