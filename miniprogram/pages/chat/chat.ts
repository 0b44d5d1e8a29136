// A conversation: the page binds the room's timeline (stores/timeline.ts). Its scalars (older
// pages, the connection line, the slow-mode countdown) are bound with mobx-miniprogram-bindings;
// its messages arrive as per-message operations with their index, which ChatWindow mirrors as
// setData patches by path, so an incoming message costs one row however long the history. The
// page reports what is on screen (read receipts), loads older pages at the top keeping the
// reader's place, follows new messages only when the reader is at the bottom (else a "new
// messages" pill counts them), and redraws the day separators when the day changes.
import { createStoreBindings } from 'mobx-miniprogram-bindings';
import type { ChatRoom } from '../../services/chatRoom';
import type { Messaging } from '../../services/messaging';
import type { TimelineOp } from '../../stores/timeline';
import type { ChatMessageView, ChatReplyView } from '../../components/chat-message/chat-message-view';
import { appMessaging } from '../../root';
import { avatarOf, displayName, loadProfiles } from '../../utils/profiles';
import { waitText } from '../../utils/reasons';
import { pageQuery, routes } from '../../utils/routes';
import { msUntilNextDay } from '../../utils/chat-time';
import { ChatWindow, type WindowChange } from './chat-window';
import { textOf } from './chat-view';
import { loadHidden, saveHidden } from './hidden-messages';
import { ConsentAsk, mentionsMe, reportMessageUrl } from './chat-safety';
import { watchGroup } from './chat-group';
import { tr } from '../../stores/locale';
import { withLocale, showTitle } from '../../utils/locale-binding';
import type { TimelineMessage } from '../../stores/timeline';

/** Within this many px of the end the reader "is at the bottom": follow and mark read. */
const NEAR_BOTTOM_PX = 120;
const READERS_DEBOUNCE_MS = 800;

interface ChatData {
  messages: ChatMessageView[];
  scrollTo: string;
  bottomId: string;
  pill: number;
  /** The pill's words: 3条新消息 ↓. */
  pillText: string;
  reply: ChatReplyView | null;
  /** Slow mode / rate limit: the countdown the input bar shows ('' = nothing waits). */
  waitText: string;
  /** The "notify me" offer's text ('' = hidden). */
  ask: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  connection: string;
  ready: boolean;
  isGroup: boolean;
  announcement: string;
  memberLine: string;
  speakBlocked: string;
  /** The group is no longer mine (removed, dissolved): no settings entry, the input says why. */
  departed: string;
}

interface ChatState {
  conversationId: string;
  messaging: Messaging;
  room: ChatRoom;
  window: ChatWindow;
  isGroup: boolean;
  replyTo: string;
  visible: boolean;
  nearBottom: boolean;
  viewportHeight: number;
  readersTimer: ReturnType<typeof setTimeout> | null;
  dayTimer: ReturnType<typeof setTimeout> | null;
  dispose: Array<() => void>;
  ask: ConsentAsk;
}

type IdEvent = WechatMiniprogram.CustomEvent<{ id: string }>;

Page({
  ...withLocale,
  /** Set by attach(); null before the room is open and after unload. */
  state: null as ChatState | null,
  data: {
    messages: [],
    scrollTo: '',
    bottomId: 'bottom-a',
    pill: 0,
    pillText: '',
    reply: null,
    waitText: '',
    ask: '',
    hasOlder: true,
    loadingOlder: false,
    connection: '',
    ready: false,
    isGroup: false,
    announcement: '',
    memberLine: '',
    speakBlocked: '',
    departed: '',
  } as ChatData,

  async onLoad(query: Record<string, string | undefined>) {
    const { id: conversationId, title } = pageQuery(query, 'id', 'title');
    if (title) void wx.setNavigationBarTitle({ title });
    else showTitle('title_chat');
    const messaging = await appMessaging();
    const room = await messaging.openRoom(conversationId);
    this.attach(messaging, room);
  },

  /** Binds the page to an open room (split from onLoad so tests and the bench can hand one in). */
  attach(messaging: Messaging, room: ChatRoom) {
    const me = messaging.me.openid;
    const isGroup = room.info.type === 'group';
    const window = new ChatWindow({
      people: { me, isGroup, nameOf: (id) => displayName(messaging, id), avatarOf: (id) => avatarOf(messaging, id) },
      now: Date.now(),
    });
    const conversationId = room.conversationId;
    for (const id of loadHidden(me, conversationId)) window.hidden.add(id);
    const state: ChatState = {
      conversationId,
      messaging,
      room,
      window,
      isGroup,
      replyTo: '',
      visible: true,
      nearBottom: true,
      viewportHeight: wx.getWindowInfo?.().windowHeight ?? 600,
      readersTimer: null,
      dayTimer: null,
      dispose: [],
      ask: new ConsentAsk({ me, conversationId, isGroup, show: (ask) => this.setData({ ask }) }),
    };
    this.state = state;
    if (!isGroup && room.info.peerId) void wx.setNavigationBarTitle({ title: displayName(messaging, room.info.peerId) });
    const timeline = room.timeline;
    this.apply(window.reset(timeline.messages), true);
    state.dispose.push(timeline.subscribe((ops) => this.onOps(ops)));
    const bindings = createStoreBindings(this, {
      store: timeline,
      fields: {
        hasOlder: () => timeline.hasOlder,
        loadingOlder: () => timeline.loadingOlder,
        connection: () => connectionLabel(timeline.syncState),
        waitText: () => waitText(timeline.cooldown.limit, timeline.cooldown.remaining),
      },
      actions: {},
    });
    bindings.updateStoreBindings();
    state.dispose.push(() => bindings.destroyStoreBindings());
    this.scheduleDayRefresh();
    // groups: name, announcement, member count and whether I may post, live from the inbox's
    // watches (the name titles the page however it was opened: a notice's link carries no title)
    if (isGroup)
      state.dispose.push(
        watchGroup(messaging.conversations, conversationId, ({ name, ...header }) => {
          const { departed } = header;
          this.setData(header);
          if (name) void wx.setNavigationBarTitle({ title: name });
          // removed or dissolved: the room's watch would only be refused from now on
          if (departed) room.end();
        }),
      );
    this.setData({ ready: true, isGroup });
    void this.fetchNames(([] as string[]).concat(...timeline.messages.map(peopleOf)));
  },

  onReady() {
    this.createSelectorQuery()
      .select('.chat__list')
      .boundingClientRect((rect) => {
        if (this.state && rect && rect.height) this.state.viewportHeight = rect.height;
      })
      .exec();
  },

  onShow() {
    if (!this.state) return;
    this.state.visible = true;
    this.reportRead();
  },

  onHide() {
    if (this.state) this.state.visible = false;
  },

  onUnload() {
    const s = this.state;
    if (!s) return;
    s.dispose.forEach((d) => d());
    if (s.readersTimer) clearTimeout(s.readersTimer);
    if (s.dayTimer) clearTimeout(s.dayTimer);
    s.room.close();
    this.state = null;
  },

  /** The timeline's operations: each becomes a path patch (or a rare window replace). */
  onOps(ops: TimelineOp[]) {
    const s = this.state;
    if (!s) return;
    let patch: Record<string, unknown> = {};
    let anchor = '';
    let appendedOwn = false;
    let appendedOthers = 0;
    let grewAtBottom = false;
    const senders: string[] = [];
    for (const op of ops) {
      let change: WindowChange;
      if (op.op === 'prepend') change = s.window.prepend(op.messages);
      else if (op.op === 'remove') change = s.window.removeAt(op.index);
      else if (op.op === 'update') {
        change = s.window.updateAt(op.index, op.message);
        // A row that changes at the bottom can grow (a tick line, a blocked note): stay at the bottom.
        if (s.nearBottom && s.window.following) grewAtBottom = true;
        if (op.message.mine && op.message.status === 'visible') this.scheduleReaders();
      } else {
        const wasBelow = s.window.below;
        change = s.window.insertAt(op.index, op.message);
        senders.push(...peopleOf(op.message));
        if (mentionsMe(op.message, s.messaging.me.openid)) s.ask.mentioned();
        if (op.message.mine) appendedOwn = appendedOwn || change.appended;
        else if (change.appended || s.window.below > wasBelow) appendedOthers++;
        if (op.message.mine && op.message.status === 'visible') this.scheduleReaders();
      }
      patch = change.patch.messages ? { ...change.patch } : { ...patch, ...change.patch };
      if (change.anchor) anchor = change.anchor;
    }
    if (appendedOthers && s.isGroup) this.scheduleReaders();
    void this.fetchNames(senders);
    if (appendedOwn && !s.window.following) patch = { ...patch, ...s.window.jumpToLatest().patch };
    const follow = appendedOwn || grewAtBottom || (appendedOthers > 0 && s.nearBottom && s.window.following);
    this.apply({ patch, anchor: follow ? '' : anchor, appended: false }, follow);
    if (!follow && appendedOthers) {
      const pill = this.data.pill + appendedOthers;
      this.setData({ pill, pillText: tr('chat_newMessages', { n: pill }) });
    }
    if (follow) this.reportRead();
  },

  /** Day separators say 今天/昨天: redraw them when the day changes (just after midnight). */
  scheduleDayRefresh() {
    const s = this.state;
    if (!s) return;
    s.dayTimer = setTimeout(() => {
      if (this.state !== s) return;
      this.apply(s.window.refresh(Date.now()), false);
      this.scheduleDayRefresh();
    }, msUntilNextDay(Date.now()));
  },

  /** One setData for the patch, plus the scroll target: the bottom, or the anchor row. */
  apply(change: WindowChange, toBottom: boolean) {
    const data: Record<string, unknown> = { ...change.patch };
    if (toBottom) {
      const bottomId = this.data.bottomId === 'bottom-a' ? 'bottom-b' : 'bottom-a';
      data.bottomId = bottomId;
      data.scrollTo = bottomId;
    } else if (change.anchor) {
      data.scrollTo = `m${change.anchor}`;
    }
    if (Object.keys(data).length) this.setData(data);
  },

  onScroll(e: WechatMiniprogram.ScrollViewScroll) {
    const s = this.state;
    if (!s) return;
    const { scrollTop, scrollHeight } = e.detail;
    const near = scrollHeight - scrollTop - s.viewportHeight <= NEAR_BOTTOM_PX;
    if (near === s.nearBottom) return;
    s.nearBottom = near;
    if (near && s.window.following) {
      if (this.data.pill) this.setData({ pill: 0 });
      this.reportRead();
    }
  },

  async onScrollToUpper() {
    const s = this.state;
    if (!s) return;
    const fromMemory = s.window.extendUp();
    if (fromMemory) return this.apply(fromMemory, false);
    if (this.data.hasOlder && !this.data.loadingOlder) await s.room.loadOlder(); // arrives as a 'prepend' op
  },

  onScrollToLower() {
    const s = this.state;
    if (!s) return;
    const change = s.window.extendDown();
    if (change) this.apply(change, false);
    if (s.window.following) {
      s.nearBottom = true;
      if (this.data.pill) this.setData({ pill: 0 });
      this.reportRead();
    }
  },

  onPill() {
    const s = this.state;
    if (!s) return;
    s.nearBottom = true;
    this.apply(s.window.jumpToLatest(), true);
    this.setData({ pill: 0 });
    this.reportRead();
  },

  /** Read receipts: the highest seq on screen, when the reader is at the bottom of a shown page. */
  reportRead() {
    const s = this.state;
    if (!s || !s.visible || !s.nearBottom || !s.window.following) return;
    const seq = s.window.highestRenderedSeq();
    if (seq > 0) s.room.reportVisible(seq);
  },

  onSend(e: WechatMiniprogram.CustomEvent<{ text: string }>) {
    const s = this.state;
    if (!s) return;
    const before = s.room.timeline.messages;
    s.room.send({ text: e.detail.text, ...(s.replyTo ? { replyTo: s.replyTo } : {}) });
    s.ask.afterSend(before);
    if (s.replyTo) {
      s.replyTo = '';
      this.setData({ reply: null });
    }
  },

  onInputFocus() {
    if (this.state?.window.following) this.apply({ patch: {}, anchor: '', appended: false }, true);
  },

  onResend(e: IdEvent) {
    this.state?.room.resend(e.detail.id);
  },

  async onMenu(e: IdEvent) {
    const s = this.state;
    const entry = s?.window.get(e.detail.id);
    // system lines and notices (recalled, removed by a moderator) have no menu
    if (!s || !entry || entry.type === 'system' || entry.status === 'recalled' || (entry.status === 'blocked' && !entry.mine)) return;
    const actions = [
      { label: tr('chat_copy'), run: () => void wx.setClipboardData({ data: textOf(entry) }) },
      { label: tr('chat_reply'), run: () => this.startReply(entry.id) },
      { label: tr('chat_hideForMe'), run: () => this.hideForMe(entry.id) },
      // others' published messages only: the report function refuses one's own
      ...(entry.senderId !== s.messaging.me.openid && entry.seq ? [{ label: tr('chat_report'), run: () => this.reportMessage(entry.id) }] : []),
    ];
    try {
      const { tapIndex } = await wx.showActionSheet({ itemList: actions.map((a) => a.label) });
      actions[tapIndex]?.run();
    } catch {
      // cancelled
    }
  },

  startReply(id: string) {
    const s = this.state;
    const entry = s?.window.get(id);
    if (!s || !entry) return;
    s.replyTo = id;
    this.setData({ reply: { name: displayName(s.messaging, entry.senderId), text: textOf(entry) } });
  },

  reportMessage(id: string) {
    const s = this.state;
    const entry = s?.window.get(id);
    if (!s || !entry) return;
    void wx.navigateTo({ url: reportMessageUrl(id, displayName(s.messaging, entry.senderId), textOf(entry)) });
  },

  /** The offer's button: this tap is what may open WeChat's consent sheet. */
  async onAskAccept() {
    const accepted = await this.state?.ask.accept();
    if (accepted) void wx.showToast({ title: tr('chat_willNotify'), icon: 'none' });
  },

  onAskDismiss() {
    this.state?.ask.dismiss();
  },

  onCancelReply() {
    if (this.state) this.state.replyTo = '';
    this.setData({ reply: null });
  },

  hideForMe(id: string) {
    const s = this.state;
    if (!s) return;
    this.apply(s.window.hide(id), false);
    saveHidden(s.messaging.me.openid, s.conversationId, s.window.hidden);
  },

  onGroupSettings() {
    if (!this.state) return;
    void wx.navigateTo({ url: routes.groupSettings(this.state.conversationId) });
  },

  onReaders(e: IdEvent) {
    const s = this.state;
    const entry = s?.window.get(e.detail.id);
    if (!s || !entry?.seq) return;
    void wx.navigateTo({ url: routes.readers(s.conversationId, entry.seq) });
  },

  onProfile(e: WechatMiniprogram.CustomEvent<{ openid: string }>) {
    void wx.navigateTo({ url: routes.user(e.detail.openid) });
  },

  /** Groups: "read by k" for my newest published message, refreshed after activity (debounced). */
  scheduleReaders() {
    const s = this.state;
    if (!s || !s.isGroup) return;
    if (s.readersTimer) clearTimeout(s.readersTimer);
    s.readersTimer = setTimeout(() => void this.refreshReaders(), READERS_DEBOUNCE_MS);
  },

  async refreshReaders() {
    const s = this.state;
    if (!s) return;
    s.readersTimer = null;
    try {
      await s.room.refreshReadCount(); // the count arrives as the timeline's update
    } catch {
      // a count is a nicety: the next activity asks again
    }
  },

  async fetchNames(ids: string[]) {
    const s = this.state;
    if (!s) return;
    const missing = ids.filter((id) => id !== s.messaging.me.openid && !s.messaging.conversations.peers[id]);
    if (!missing.length) return;
    await loadProfiles(s.messaging, missing);
    if (this.state === s) this.apply(s.window.refresh(), false);
  },
});

/** Whose names a message shows: its sender, and a system line's actor and target. */
function peopleOf(m: TimelineMessage): string[] {
  return [m.senderId, m.system?.actorId ?? '', m.system?.targetId ?? ''].filter((id) => id && id !== 'system');
}

function connectionLabel(state: string): string {
  if (state === 'offline') return tr('chat_offline');
  if (state === 'reconnecting') return tr('chat_reconnecting');
  return '';
}
