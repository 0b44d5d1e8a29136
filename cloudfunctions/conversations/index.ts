// Direct chats, per-member preferences (pinned, muted) and deleting a chat from my list; groups are the `groups` function's.
import cloud from 'wx-server-sdk';
import { defineFunction } from '../../domain/function';
import { conversations } from '../../domain/contracts/messaging';
import { hideConversation, openDirect, setPreferences } from '../../domain/server/conversations';
import { assertNotGloballyBanned } from '../../domain/server/safety/bans';

// DYNAMIC_CURRENT_ENV is a symbol at run time; the typings only admit strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

export const main = defineFunction(conversations, cloud, async (request, { caller }) => {
  // a banned person may still tidy their own list; only starting chats is refused
  if (request.action === 'openDirect') await assertNotGloballyBanned(db, caller.openid);
  switch (request.action) {
    case 'openDirect':
      return openDirect(db, caller.openid, request.peerId);
    case 'setPreferences':
      await setPreferences(db, caller.openid, request.conversationId, { pinned: request.pinned, muted: request.muted });
      return { conversationId: request.conversationId };
    case 'hide':
      return { conversationId: request.conversationId, ...(await hideConversation(db, caller.openid, request.conversationId)) };
  }
});
