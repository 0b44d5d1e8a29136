// The input bar: a quoted-reply strip, the text field, an emoji toggle with the picker under it,
// and the send button. Emits `send` {text} (trimmed, never empty) and `cancelreply`.
// The draft and cursor live here: every keystroke stays inside the component, never the page.
import { insertAt, deleteBefore } from './text-edit';
import type { ChatReplyView } from '../chat-message/chat-message-view';
import { withLocale } from '../../utils/locale-binding';
import { tr } from '../../stores/locale';

type InputDetail = { value: string; cursor?: number };

Component({
  ...withLocale,
  properties: {
    /** Slow mode / rate limit: the room's countdown in words ('' = nothing waits). */
    waitText: { type: String, value: '' },
    /** The message being answered, shown above the field; null for none. */
    reply: { type: Object, value: null as ChatReplyView | null },
    placeholder: { type: String, value: '' },
    /** Posting is not allowed now (muted): this line replaces the field; the draft is kept. */
    disabledReason: { type: String, value: '' },
  },
  observers: {
    reply(reply: ChatReplyView | null) {
      this.setData({ replyLine: reply ? tr('chat_replyTo', { name: reply.name, text: reply.text }) : '' });
    },
    disabledReason(reason: string) {
      if (reason && this.data.emojiOpen) this.setData({ emojiOpen: false });
    },
  },
  data: { value: '', cursor: -1, emojiOpen: false, focus: false },
  methods: {
    onInput(e: WechatMiniprogram.CustomEvent<InputDetail>) {
      const { value, cursor } = e.detail;
      // kept in data through setData (component-local, never the page): clearing after a send
      // must be a change the field sees, or it would keep showing the sent text
      this.data.cursor = typeof cursor === 'number' ? cursor : value.length;
      this.setData({ value, canSend: value.trim().length > 0 });
    },
    onBlur(e: WechatMiniprogram.CustomEvent<InputDetail>) {
      if (typeof e.detail.cursor === 'number') this.data.cursor = e.detail.cursor;
    },
    onFocus() {
      this.setData({ emojiOpen: false });
      this.triggerEvent('focus', {});
    },
    onToggleEmoji() {
      this.setData({ emojiOpen: !this.data.emojiOpen });
      if (this.data.emojiOpen) this.triggerEvent('focus', {});
    },
    onPickEmoji(e: WechatMiniprogram.CustomEvent<{ emoji: string }>) {
      this.apply(insertAt(this.data.value, this.data.cursor, e.detail.emoji));
    },
    onBackspace() {
      this.apply(deleteBefore(this.data.value, this.data.cursor));
    },
    apply(edit: { value: string; cursor: number }) {
      this.setData({ value: edit.value, cursor: edit.cursor, canSend: edit.value.trim().length > 0 });
    },
    onSend() {
      if (this.data.disabledReason) return;
      const text = this.data.value.trim();
      if (!text) return;
      this.triggerEvent('send', { text });
      this.setData({ value: '', cursor: -1, canSend: false });
    },
    onCancelReply() {
      this.triggerEvent('cancelreply', {});
    },
  },
});
