// One chat row: optional time separator, then a bubble (own on the right with status, others on
// the left with avatar and, in groups, the name), a quoted reply inside, a note for held, blocked
// and failed messages. Events: menu (long press), resend (failed), readers ("k人已读"), profile (avatar).
import { EMPTY_MESSAGE, type ChatMessageView } from './chat-message-view';
import { withLocale } from '../../utils/locale-binding';

const idOf = (self: { data: { item: unknown } }) => (self.data.item as ChatMessageView).id;

Component({
  ...withLocale,
  properties: {
    item: { type: Object, value: EMPTY_MESSAGE },
  },
  methods: {
    onLongPress() {
      this.triggerEvent('menu', { id: idOf(this) });
    },
    onResend() {
      if ((this.data.item as ChatMessageView).state === 'failed') this.triggerEvent('resend', { id: idOf(this) });
    },
    onReaders() {
      this.triggerEvent('readers', { id: idOf(this) });
    },
    onAvatar() {
      this.triggerEvent('profile', { openid: (this.data.item as ChatMessageView).senderId });
    },
  },
});
