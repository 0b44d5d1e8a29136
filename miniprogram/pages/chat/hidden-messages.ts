// "Delete for me": the ids a user hid in a conversation, kept in local storage per user and
// conversation (the message stays on the server and on other devices). Newest 500 kept.
const MAX_KEPT = 500;

const key = (openid: string, conversationId: string) => `hidden:${openid}:${conversationId}`;

export function loadHidden(openid: string, conversationId: string): string[] {
  const ids = wx.getStorageSync(key(openid, conversationId)) as unknown;
  return Array.isArray(ids) ? (ids as string[]) : [];
}

export function saveHidden(openid: string, conversationId: string, ids: Iterable<string>): void {
  wx.setStorageSync(key(openid, conversationId), [...ids].slice(-MAX_KEPT));
}
