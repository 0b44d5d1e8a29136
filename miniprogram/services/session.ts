// Sign-in bootstrap: `login` on launch creates or returns the caller's profile (WeChat vouches for
// the openid; there is no password). The profile is cached per device so the app opens offline
// with the last known identity and retries sign-in when the network returns.
import { toServiceError, type CloudService, type Profile } from './cloud';
import type { StoragePort } from './ports';

const PROFILE_KEY = 'session:profile';

export interface Session {
  openid: string;
  profile: Profile;
  /** False when the profile came from the cache because the cloud could not be reached. */
  fresh: boolean;
}

export async function signIn(cloud: CloudService, storage: StoragePort): Promise<Session> {
  try {
    const { profile } = await cloud.login();
    storage.set(PROFILE_KEY, profile);
    return { openid: profile._id, profile, fresh: true };
  } catch (raw) {
    const err = toServiceError(raw);
    const cached = storage.get<Profile>(PROFILE_KEY);
    if (err.code === 'NETWORK' && cached) return { openid: cached._id, profile: cached, fresh: false };
    throw err;
  }
}

export function cachedProfile(storage: StoragePort): Profile | undefined {
  return storage.get<Profile>(PROFILE_KEY);
}
