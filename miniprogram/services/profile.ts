// Profile edits: a new avatar (the temp file from <button open-type="chooseAvatar">) goes to
// cloud storage under the user's own folder, then the `profile` function saves the changes.
// Lives in services/ because it is wx.cloud I/O (the only place allowed to touch it).
import type { Profile } from '../../domain/contracts/messaging';
import type { CloudService } from './cloud';
import { toServiceError } from './cloud';

export interface ProfileChanges {
  nickname?: string;
  bio?: string;
  avatarUrl?: string;
}

interface UploadingCloud {
  uploadFile(options: { cloudPath: string; filePath: string }): Promise<{ fileID: string }>;
}

/** Uploads a chosen avatar; resolves to its cloud file id. */
export async function uploadAvatar(openid: string, tempFilePath: string, now = Date.now()): Promise<string> {
  const ext = /\.(png|jpe?g|webp|gif)$/i.exec(tempFilePath)?.[1]?.toLowerCase() ?? 'jpg';
  try {
    // the typings' overloads (callback or promise) are wider than the promise style used here
    const cloud = wx.cloud as unknown as UploadingCloud;
    const { fileID } = await cloud.uploadFile({ cloudPath: `avatars/${openid}/${now}.${ext}`, filePath: tempFilePath });
    return fileID;
  } catch (err) {
    throw toServiceError(err);
  }
}

export function saveProfile(cloud: CloudService, changes: ProfileChanges): Promise<Profile> {
  return cloud.call<Profile>('profile', changes);
}
