// The render window mirroring a real RoomTimeline (as the chat page does): paths per change,
// replaces only for trims, older pages and moves; and the row views.
import { ChatWindow, FOLLOW_ROWS, MAX_ROWS, type WindowChange } from '../chat-window';
import { toView, type ChatPeople } from '../chat-view';
import { RoomTimeline, type LocalEcho, type TimelineMessage } from '../../../stores/timeline';
import type { MessageDoc } from '../../../../domain/messages';

const T0 = new Date(2025, 5, 18, 10, 0).getTime();
const people: ChatPeople = { me: 'alice', isGroup: true, nameOf: (id) => id.toUpperCase(), avatarOf: () => '' };
const doc = (seq: number, over: Partial<MessageDoc> = {}): MessageDoc => ({
  _id: `id${seq}`,
  _openid: seq % 2 ? 'bob' : 'alice',
  conversationId: 'c1',
  type: 'text',
  content: { text: `m${seq}` },
  status: 'visible',
  seq,
  clientTime: T0 + seq * 60_000,
  writtenAt: new Date(T0 + seq * 60_000),
  createdAt: new Date(T0 + seq * 60_000),
  ...over,
});
const docs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => doc(from + i));
const echo = (id: string, state: LocalEcho['state'], afterSeq: number, over: Partial<LocalEcho> = {}): LocalEcho => ({
  id,
  conversationId: 'c1',
  senderId: 'alice',
  type: 'text',
  content: { text: id },
  clientTime: T0 + (afterSeq + 0.5) * 60_000,
  afterSeq,
  state,
  ...over,
});
const bytes = (patch: object) => JSON.stringify(patch).length;

/** A timeline and a window fed by its operations, as the page wires them; `last` is the merged change of the last batch. */
function pair(history: MessageDoc[] = []) {
  const timeline = new RoomTimeline({ conversationId: 'c1', myOpenid: 'alice', direct: false });
  timeline.applyServer(history, 'initial');
  const w = new ChatWindow({ people, now: T0 + 10 * 60 * 60_000 });
  w.reset(timeline.messages);
  const out = { timeline, w, last: { patch: {}, anchor: '', appended: false } as WindowChange };
  timeline.subscribe((ops) => {
    let patch: Record<string, unknown> = {};
    let merged: WindowChange = { patch, anchor: '', appended: false };
    for (const op of ops) {
      const c = op.op === 'insert' ? w.insertAt(op.index, op.message) : op.op === 'update' ? w.updateAt(op.index, op.message) : op.op === 'remove' ? w.removeAt(op.index) : w.prepend(op.messages);
      patch = c.patch.messages ? { ...c.patch } : { ...patch, ...c.patch };
      merged = { patch, anchor: c.anchor || merged.anchor, appended: merged.appended || c.appended };
    }
    out.last = merged;
  });
  return out;
}
const renderedIds = (w: ChatWindow, t: RoomTimeline) => t.messages.slice(w.size - w.rendered - w.below, w.size - w.below).map((m) => m.id);

describe('ChatWindow on the timeline', () => {
  it('shows the newest FOLLOW_ROWS of a long history', () => {
    const timeline = new RoomTimeline({ conversationId: 'c1', myOpenid: 'alice', direct: false });
    timeline.applyServer(docs(1, 500), 'initial');
    const change = new ChatWindow({ people, now: T0 }).reset(timeline.messages);
    const rows = change.patch.messages as Array<{ id: string }>;
    expect(rows).toHaveLength(FOLLOW_ROWS);
    expect(rows[rows.length - 1].id).toBe('id500');
    expect(change.anchor).toBe('id500');
  });

  it('adds one incoming message as one path, the same size with 50 or 5,000 loaded', () => {
    const sizes = [50, 5000].map((n) => {
      const p = pair(docs(1, n));
      p.timeline.applyServer([doc(n + 1)], 'live');
      expect(Object.keys(p.last.patch)).toEqual([`messages[${Math.min(n, FOLLOW_ROWS)}]`]);
      expect(p.last.appended).toBe(true);
      return bytes(p.last.patch);
    });
    // the same row but for the digits of its id, seq and text
    expect(Math.abs(sizes[0] - sizes[1])).toBeLessThanOrEqual(12);
  });

  it('changes a status by path, and sends nothing when nothing changed', () => {
    const p = pair(docs(1, 10));
    p.timeline.applyLocal(echo('local1', 'sending', 10));
    expect(Object.keys(p.last.patch)).toEqual(['messages[10]']);
    p.timeline.applyLocal(echo('local1', 'visible', 10, { seq: 11 }));
    expect(Object.keys(p.last.patch)).toEqual(['messages[10]']);
    expect((p.last.patch['messages[10]'] as { state: string }).state).toBe('visible');
    p.last = { patch: {}, anchor: '', appended: false };
    p.timeline.applyServer([{ ...doc(11), _id: 'local1', _openid: 'alice', content: { text: 'local1' }, clientTime: T0 + 10.5 * 60_000 }], 'live');
    expect(p.timeline.messages.filter((m) => m.id === 'local1')).toHaveLength(1);
  });

  it('re-places a local echo overtaken by others, in one replace', () => {
    const p = pair(docs(1, 4));
    p.timeline.applyLocal(echo('local1', 'sending', 4));
    p.timeline.applyServer([doc(5)], 'live');
    // in flight it stays at the bottom, below 5; published as 6 it stays there
    expect(renderedIds(p.w, p.timeline).slice(-2)).toEqual(['id5', 'local1']);
    p.timeline.applyLocal(echo('local1', 'visible', 4, { seq: 6 }));
    expect(renderedIds(p.w, p.timeline).slice(-3)).toEqual(['id4', 'id5', 'local1']);
    // held it goes back to where it was written (after 4), one remove + insert = one replace
    p.timeline.applyLocal(echo('local2', 'sending', 6));
    p.timeline.applyServer([doc(7)], 'live');
    p.timeline.applyLocal(echo('local2', 'held', 6));
    expect(p.last.patch.messages).toBeDefined();
    expect(renderedIds(p.w, p.timeline).slice(-2)).toEqual(['local2', 'id7']);
  });

  it('keeps a failed message where it was written while newer ones arrive below', () => {
    const p = pair(docs(1, 3));
    p.timeline.applyLocal(echo('failed1', 'failed', 3, { errorCode: 'INTERNAL' }));
    p.timeline.applyServer([doc(4)], 'live');
    expect(Object.keys(p.last.patch)).toEqual(['messages[4]']);
    expect(p.w.lastId).toBe('id4');
  });

  it('trims a long live session in one replace every MAX_ROWS - FOLLOW_ROWS + 1 messages', () => {
    const p = pair(docs(1, FOLLOW_ROWS));
    let replaces = 0;
    for (let seq = FOLLOW_ROWS + 1; seq <= FOLLOW_ROWS + 3 * (MAX_ROWS - FOLLOW_ROWS + 1); seq++) {
      p.timeline.applyServer([doc(seq)], 'live');
      if (p.last.patch.messages) replaces++;
      expect(p.w.rendered).toBeLessThanOrEqual(MAX_ROWS);
    }
    expect(replaces).toBe(3);
    expect(p.w.following).toBe(true);
  });

  it('prepends an older page in one replace anchored on the old top row, capped at MAX_ROWS', () => {
    const p = pair(docs(381, 400));
    p.timeline.applyServer(docs(361, 380), 'older');
    expect(p.last.anchor).toBe('id381');
    expect((p.last.patch.messages as unknown[]).length).toBe(40);
    for (let k = 3; k <= 8; k++) p.timeline.applyServer(docs(401 - 20 * k, 420 - 20 * k), 'older');
    expect(p.w.rendered).toBe(MAX_ROWS);
    expect(p.w.following).toBe(false);
    // new messages while detached: no patch, counted below the window
    p.timeline.applyServer([doc(401)], 'live');
    expect(p.last.patch).toEqual({});
    expect(p.w.below).toBeGreaterThan(0);
    const back = p.w.jumpToLatest();
    expect(back.anchor).toBe('id401');
    expect(p.w.following).toBe(true);
  });

  it('comes back down a detached window by paths, and up again from memory', () => {
    const p = pair(docs(381, 400));
    for (let k = 2; k <= 11; k++) p.timeline.applyServer(docs(401 - 20 * k, 420 - 20 * k), 'older');
    expect(p.w.extendDown()).not.toBeNull();
    expect(p.w.extendUp()).not.toBeNull();
  });

  it('hides a message for me by one path', () => {
    const p = pair(docs(1, 5));
    const change = p.w.hide('id3');
    expect(Object.keys(change.patch)).toEqual(['messages[2]']);
    expect((change.patch['messages[2]'] as { hidden: boolean }).hidden).toBe(true);
  });

  it('redraws the day separators when the day changes', () => {
    const p = pair(docs(1, 3));
    const before = p.w.refresh(T0 + 60 * 60_000);
    expect(before.patch).toEqual({}); // the same day: no label changes, nothing sent
    const nextDay = p.w.refresh(T0 + 24 * 60 * 60_000);
    expect((nextDay.patch['messages[0]'] as { timeLabel: string }).timeLabel).toBe('昨天 10:01');
  });
});

describe('toView', () => {
  const ctx = { people, now: T0, lookup: () => undefined, hidden: new Set<string>() };
  const msg = (seq: number, over: Partial<TimelineMessage> = {}): TimelineMessage => ({
    id: `id${seq}`,
    seq,
    senderId: seq % 2 ? 'bob' : 'alice',
    mine: seq % 2 === 0,
    type: 'text',
    content: { text: `m${seq}` },
    status: 'visible',
    clientTime: T0 + seq * 60_000,
    time: T0 + seq * 60_000,
    afterSeq: seq - 1,
    ...over,
  });
  it('words held, blocked and failed from their codes (one table), never from English', () => {
    expect(toView(msg(2, { status: 'queued' }), undefined, ctx).state).toBe('queued');
    expect(toView(msg(2, { status: 'held', reason: { code: 'REVIEW' } }), undefined, ctx).note).toContain('审核中');
    expect(toView(msg(2, { status: 'blocked', reason: { code: 'WORD_LIST', details: { reason: '含有违规内容' } } }), undefined, ctx).note).toBe('已拦截：含有违规内容');
    expect(toView(msg(2, { status: 'blocked', reason: { code: 'CONTENT_CHECK', details: { label: 20001 } } }), undefined, ctx).note).toBe('已拦截：未通过微信内容安全检测');
    expect(toView(msg(2, { status: 'blocked', reason: { code: 'REMOVED' } }), undefined, ctx).note).toBe('已拦截：已被管理员移除');
    expect(toView(msg(2, { status: 'failed' }), undefined, ctx).note).toBe('发送失败，点击重发');
    expect(toView(msg(2, { status: 'failed', reason: { code: 'NETWORK' } }), undefined, ctx).note).toBe('发送失败（网络不可用，恢复后自动发送），点击重发');
    expect(toView(msg(1), undefined, ctx).state).toBe('visible');
    expect(toView(msg(1, { status: 'failed' }), undefined, ctx).note).toBe('');
  });

  it('turns recalled and moderator-removed messages into notices', () => {
    expect(toView(msg(1, { status: 'recalled' }), undefined, ctx)).toMatchObject({ kind: 'system', text: '对方撤回了一条消息' });
    expect(toView(msg(2, { status: 'recalled' }), undefined, ctx)).toMatchObject({ kind: 'system', text: '你撤回了一条消息', note: '' });
    expect(toView(msg(1, { status: 'blocked' }), undefined, ctx)).toMatchObject({ kind: 'system', text: '一条消息已被管理员移除' });
  });

  it('labels "read by k" on own group messages only', () => {
    expect(toView(msg(2, { readCount: 3 }), undefined, ctx).readLabel).toBe('3人已读');
    expect(toView(msg(2, { readCount: 0 }), undefined, ctx).readLabel).toBe('');
    expect(toView(msg(2, { readCount: 3 }), undefined, { ...ctx, people: { ...people, isGroup: false } }).readLabel).toBe('');
  });

  it('puts a separator only after a gap of more than five minutes', () => {
    expect(toView(msg(2), msg(1), ctx).timeLabel).toBe('');
    expect(toView(msg(2, { time: T0 + 7 * 60_000 }), msg(1), ctx).timeLabel).toBe('10:07');
    expect(toView(msg(1), undefined, ctx).timeLabel).toBe('10:01');
  });

  it('quotes the replied message, or says it is not loaded', () => {
    const quoted = msg(1);
    expect(toView(msg(2, { replyTo: 'id1' }), undefined, { ...ctx, lookup: () => quoted }).reply).toEqual({ name: 'BOB', text: 'm1' });
    expect(toView(msg(2, { replyTo: 'zz' }), undefined, ctx).reply).toEqual({ name: '', text: '原消息未加载' });
  });
});
