import { ChatWindow, FOLLOW_ROWS, MAX_ROWS } from '../chat-window';
import { toView } from '../chat-view';
import type { ChatEntry, ChatPeople } from '../chat-entry';

const T0 = new Date(2025, 5, 18, 10, 0).getTime();
const people: ChatPeople = { me: 'alice', isGroup: true, nameOf: (id) => id.toUpperCase(), avatarOf: () => '' };
const msg = (seq: number, over: Partial<ChatEntry> = {}): ChatEntry => ({
  id: `id${seq}`, seq, senderId: seq % 2 ? 'bob' : 'alice', type: 'text', content: { text: `m${seq}` }, state: seq % 2 ? 'received' : 'delivered', time: T0 + seq * 60_000, ...over,
});
const history = (n: number) => Array.from({ length: n }, (_, i) => msg(i + 1));
const newWindow = () => new ChatWindow({ people, now: T0 + 10 * 60 * 60_000 });
const bytes = (patch: object) => JSON.stringify(patch).length;

describe('ChatWindow', () => {
  it('shows the newest FOLLOW_ROWS of a long history', () => {
    const w = newWindow();
    const change = w.reset(history(500));
    const rows = change.patch.messages as Array<{ id: string }>;
    expect(rows).toHaveLength(FOLLOW_ROWS);
    expect(rows[rows.length - 1].id).toBe('id500');
    expect(change.anchor).toBe('id500');
  });

  it('adds one incoming message as one path, the same size with 50 or 5,000 loaded', () => {
    const sizes = [50, 5000].map((n) => {
      const w = newWindow();
      w.reset(history(n));
      const change = w.upsert(msg(n + 1));
      expect(Object.keys(change.patch)).toEqual([`messages[${Math.min(n, FOLLOW_ROWS)}]`]);
      expect(change.appended).toBe(true);
      return bytes(change.patch);
    });
    // the same row but for the digits of its id, seq and text
    expect(Math.abs(sizes[0] - sizes[1])).toBeLessThanOrEqual(12);
  });

  it('changes a status by path, and sends nothing when nothing visible changed', () => {
    const w = newWindow();
    w.reset(history(10));
    const echo = { ...msg(0), id: 'local1', seq: 0, senderId: 'alice', state: 'sending' as const, afterSeq: 10, time: T0 + 11 * 60_000 };
    expect(Object.keys(w.upsert(echo).patch)).toEqual(['messages[10]']);
    const sent = w.upsert({ ...echo, state: 'delivered', seq: 11 });
    expect(Object.keys(sent.patch)).toEqual(['messages[10]']);
    expect((sent.patch['messages[10]'] as { state: string }).state).toBe('delivered');
    expect(w.upsert({ ...echo, state: 'delivered', seq: 11 }).patch).toEqual({});
  });

  it('re-places a local echo overtaken by others, in one replace', () => {
    const w = newWindow();
    w.reset(history(4));
    w.upsert({ ...msg(0), id: 'local1', seq: 0, senderId: 'alice', state: 'sending', afterSeq: 4, time: T0 + 5 * 60_000 });
    w.upsert(msg(5));
    // the pending one stays above 5 (composed after seq 4); delivered as 6 it moves below 5
    const change = w.upsert({ ...msg(0), id: 'local1', seq: 6, senderId: 'alice', state: 'delivered', time: T0 + 6 * 60_000 });
    const rows = change.patch.messages as Array<{ id: string }>;
    expect(rows.map((r) => r.id).slice(-3)).toEqual(['id4', 'id5', 'local1']);
  });

  it('keeps a failed message where it was written while newer ones arrive below', () => {
    const w = newWindow();
    w.reset(history(3));
    w.upsert({ ...msg(0), id: 'failed1', seq: 0, senderId: 'alice', state: 'failed', afterSeq: 3, time: T0 });
    const change = w.upsert(msg(4));
    expect(Object.keys(change.patch)).toEqual(['messages[4]']);
    expect(w.lastId).toBe('id4');
  });

  it('trims a long live session in one replace every MAX_ROWS - FOLLOW_ROWS + 1 messages', () => {
    const w = newWindow();
    w.reset(history(FOLLOW_ROWS));
    let replaces = 0;
    for (let seq = FOLLOW_ROWS + 1; seq <= FOLLOW_ROWS + 3 * (MAX_ROWS - FOLLOW_ROWS + 1); seq++) {
      if (w.upsert(msg(seq)).patch.messages) replaces++;
      expect(w.rendered).toBeLessThanOrEqual(MAX_ROWS);
    }
    expect(replaces).toBe(3);
    expect(w.following).toBe(true);
  });

  it('prepends an older page in one replace anchored on the old top row, capped at MAX_ROWS', () => {
    const all = history(400);
    const w = newWindow();
    w.reset(all.slice(-20));
    const change = w.prepend(all.slice(-40, -20));
    expect(change.anchor).toBe('id381');
    expect((change.patch.messages as unknown[]).length).toBe(40);
    for (let k = 3; k <= 8; k++) w.prepend(all.slice(-20 * k, -20 * (k - 1)));
    expect(w.rendered).toBe(MAX_ROWS);
    expect(w.following).toBe(false);
    // new messages while detached: no patch, counted below the window
    expect(w.upsert(msg(401)).patch).toEqual({});
    expect(w.below).toBeGreaterThan(0);
    const back = w.jumpToLatest();
    expect(back.anchor).toBe('id401');
    expect(w.following).toBe(true);
  });

  it('comes back down a detached window by paths, and up again from memory', () => {
    const w = newWindow();
    w.reset(history(20));
    for (let k = 0; k < 10; k++) w.prepend(history(400).slice(-20 * (k + 2), -20 * (k + 1)).map((e) => ({ ...e, seq: e.seq - 400 + 20 + 400 })));
    const down = w.extendDown();
    expect(down).not.toBeNull();
    expect(w.extendUp()).not.toBeNull();
  });

  it('hides a message for me by one path', () => {
    const w = newWindow();
    w.reset(history(5));
    const change = w.hide('id3');
    expect(Object.keys(change.patch)).toEqual(['messages[2]']);
    expect((change.patch['messages[2]'] as { hidden: boolean }).hidden).toBe(true);
  });
});

describe('toView', () => {
  const ctx = { people, now: T0, lookup: () => undefined, hidden: new Set<string>() };
  it('maps outbox states to bubble states and notes', () => {
    expect(toView(msg(2, { state: 'queued' }), undefined, ctx).state).toBe('sending');
    expect(toView(msg(2, { state: 'held' }), undefined, ctx).note).toContain('审核中');
    expect(toView(msg(2, { state: 'blocked', reason: '含有违规内容' }), undefined, ctx).note).toBe('已拦截：含有违规内容');
    expect(toView(msg(2, { state: 'blocked', reason: "WeChat's content check found fraud" }), undefined, ctx).note).toBe('已拦截：未通过微信内容安全检测');
    expect(toView(msg(2, { state: 'failed' }), undefined, ctx).note).toBe('发送失败，点击重发');
    expect(toView(msg(1), undefined, ctx).state).toBe('received');
    expect(toView(msg(1, { state: 'failed' }), undefined, ctx).note).toBe('');
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
