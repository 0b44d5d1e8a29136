// Every page URL the app opens, built in one place, and the one decoder of a page's query.
// WeChat hands onLoad the query values as they were written into the URL (still percent-encoded),
// so each value goes through decodeURIComponent once here; a value that is not valid encoding
// (already plain text with a '%') is kept as it came.
import type { JOIN_PAGE as JoinPage } from '../../domain/contracts/groups';

const enc = encodeURIComponent;

/** The page a share card opens (the type pins it to the contract's constant). */
export const JOIN_PAGE: typeof JoinPage = 'pages/group-join/group-join';

function decode(value: string | undefined): string {
  if (value === undefined) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A page's onLoad query, every value decoded ('' when absent). */
export function pageQuery<K extends string>(query: Record<string, string | undefined>, ...keys: K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) out[k] = decode(query[k]);
  return out;
}

export const routes = {
  chat: (conversationId: string, title?: string) => `/pages/chat/chat?id=${enc(conversationId)}${title ? `&title=${enc(title)}` : ''}`,
  user: (openid: string) => `/pages/user/user?openid=${enc(openid)}`,
  readers: (conversationId: string, seq: number) => `/pages/readers/readers?conversationId=${enc(conversationId)}&seq=${seq}`,
  groupSettings: (conversationId: string) => `/packageGroup/group-settings/group-settings?id=${enc(conversationId)}`,
  groupMembers: (conversationId: string, pick?: 'transfer') => `/packageGroup/group-members/group-members?id=${enc(conversationId)}${pick ? `&pick=${pick}` : ''}`,
  groupRequests: (conversationId: string) => `/packageGroup/group-requests/group-requests?id=${enc(conversationId)}`,
  reportMessage: (messageId: string, senderName: string, preview: string) => `/packageSafety/report/report?messageId=${enc(messageId)}&name=${enc(senderName)}&preview=${enc(preview)}`,
  reportUser: (userId: string, name: string, conversationId?: string) =>
    `/packageSafety/report/report?userId=${enc(userId)}&name=${enc(name)}${conversationId ? `&conversationId=${enc(conversationId)}` : ''}`,
  /** The join page (JOIN_PAGE, where invitation links also point). */
  groupJoin: (target: { id: string } | { code: string } | { token: string }) => {
    const [key, value] = Object.entries(target)[0];
    return `/${JOIN_PAGE}?${key}=${enc(value)}`;
  },
  profileEdit: () => '/pages/profile-edit/profile-edit',
  groupCreate: () => '/pages/group-create/group-create',
  about: () => '/pages/about/about',
};
