// Profile edits: a new avatar (the temp file from <button open-type="chooseAvatar">) goes to
// cloud storage under the user's own folder, then the `profile` function saves the changes.
// The upload goes through CloudService (services/cloud.ts, the one module that touches wx.cloud).
import type { Profile } from '../../domain/contracts/messaging';
import type { CloudService } from './cloud';

export interface ProfileChanges {
  nickname?: string;
  bio?: string;
  avatarUrl?: string;
  /** 我 → 语言 (services/language.ts): the server writes notices and push texts in it. */
  language?: 'system' | 'zh-CN' | 'en';
}

/** Uploads a chosen avatar; resolves to its cloud file id. */
export function uploadAvatar(cloud: CloudService, openid: string, tempFilePath: string, now = Date.now()): Promise<string> {
  const ext = /\.(png|jpe?g|webp|gif)$/i.exec(tempFilePath)?.[1]?.toLowerCase() ?? 'jpg';
  return cloud.uploadFile(`avatars/${openid}/${now}.${ext}`, tempFilePath);
}

export function saveProfile(cloud: CloudService, changes: ProfileChanges): Promise<Profile> {
  return cloud.call<Profile>('profile', changes);
}
