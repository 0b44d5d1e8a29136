// Mini program users for tests: the wx.cloud shim acting as one openid against a local cloud, with
// the security rules applied as for a phone. One client per cloud and openid, so helpers may ask
// for a user as often as they like; closeUsers() closes every client a test file made.
import WebSocket from 'ws';
import { createWxCloud, WxCloud } from '../../localcloud/src/client';
import type { LocalCloud } from '../../localcloud/src/cloud';

export type User = WxCloud;

const users = new Map<string, User>();

export function userOf(cloud: LocalCloud, openid: string): User {
  const key = `${cloud.url}|${openid}`;
  let u = users.get(key);
  if (!u) {
    u = createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never });
    u.init({ env: cloud.envId });
    users.set(key, u);
  }
  return u;
}

export async function closeUsers(): Promise<void> {
  for (const u of users.values()) await u.close();
  users.clear();
}
