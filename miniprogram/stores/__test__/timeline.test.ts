// The room timeline: one list, one status, one order, whatever mix of local echoes, live
// messages, gap fills, older pages and receipts arrives, in whatever order.
import { Cooldown, type CooldownClock } from '../cooldown';
import { compareMessages, RoomTimeline, type LocalEcho, type TimelineOp } from '../timeline';
import type { MessageDoc } from '../../../domain/messages';

const T0 = Date.UTC(2026, 0, 5, 2, 0);
const doc = (seq: number, from = 'bob', over: Partial<MessageDoc> = {}): MessageDoc => ({
  _id: `s${seq}`,
  _openid: from,
  conversationId: 'c1',
  type: 'text',
  content: { text: `m${seq}` },
  status: 'visible',
  seq,
  clientTime: T0 + seq * 1000,
  writtenAt: new Date(T0 + seq * 1000),
  createdAt: new Date(T0 + seq * 1000),
  ...over,
});
const echo = (id: string, state: LocalEcho['state'], afterSeq: number, clientTime: number, over: Partial<LocalEcho> = {}): LocalEcho => ({
  id,
  conversationId: 'c1',
  senderId: 'alice',
  type: 'text',
  content: { text: id },
  clientTime,
  afterSeq,
  state,
  ...over,
});
const timeline = (direct = false) => new RoomTimeline({ conversationId: 'c1', myOpenid: 'alice', direct });
const ids = (t: RoomTimeline) => t.messages.map((m) => m.id);

/** Applies the timeline's operations to a plain array, as the render window does. */
function mirror(t: RoomTimeline): string[] {
  const list = ids(t);
  t.subscribe((ops: TimelineOp[]) => {
    for (const op of ops) {
      if (op.op === 'insert') list.splice(op.index, 0, op.message.id);
      else if (op.op === 'update') list[op.index] = op.message.id;
      else if (op.op === 'remove') list.splice(op.index, 1);
      else list.unshift(...op.messages.map((m) => m.id));
    }
  });
  return list;
}

describe('RoomTimeline order', () => {
  it('published by seq, in flight after the last published, held and failed where they were written', () => {
    const t = timeline();
    const seen = mirror(t);
    t.applyServer([doc(1), doc(2)], 'initial');
    t.applyLocal(echo('held1', 'sending', 2, T0 + 2500));
    t.applyLocal(echo('fly1', 'queued', 2, T0 + 2600));
    t.applyLocal(echo('fly2', 'sending', 2, T0 + 2700));
    t.applyServer([doc(3), doc(4)], 'live');
    // everything still in flight sits below the newest published, in compose order
    expect(ids(t)).toEqual(['s1', 's2', 's3', 's4', 'held1', 'fly1', 'fly2']);
    t.applyLocal(echo('held1', 'held', 2, T0 + 2500, { reason: { code: 'REVIEW' } }));
    // held: back where it was composed (after seq 2), never sinking under later messages
    expect(ids(t)).toEqual(['s1', 's2', 'held1', 's3', 's4', 'fly1', 'fly2']);
    t.applyLocal(echo('fly1', 'visible', 2, T0 + 2600, { seq: 5 }));
    t.applyServer([doc(6)], 'live');
    expect(ids(t)).toEqual(['s1', 's2', 'held1', 's3', 's4', 'fly1', 's6', 'fly2']);
    // the operations, applied in order, give the same list: one order, decided in one place
    expect(seen).toEqual(ids(t));
    for (let i = 1; i < t.messages.length; i++) expect(compareMessages(t.messages[i - 1], t.messages[i])).toBeLessThan(0);
  });

  it('fills a gap between loaded messages by seq, and puts older pages on top', () => {
    const t = timeline();
    const seen = mirror(t);
    t.applyServer([doc(21), doc(22)], 'initial');
    t.applyServer([doc(26)], 'live'); // 23..25 lost while the watch was down
    t.applyServer([doc(23), doc(24), doc(25)], 'gap');
    expect(t.messages.map((m) => m.seq)).toEqual([21, 22, 23, 24, 25, 26]);
    t.applyServer([doc(19), doc(20)], 'older');
    expect(t.messages.map((m) => m.seq)).toEqual([19, 20, 21, 22, 23, 24, 25, 26]);
    expect(seen).toEqual(ids(t));
    expect(t.lastSeq).toBe(26);
  });
});

describe('RoomTimeline: each message once', () => {
  it('a local echo becomes its published version in place, whichever of outbox and watch comes first', () => {
    const t = timeline();
    t.applyServer([doc(1)], 'initial');
    t.applyLocal(echo('a', 'sending', 1, T0 + 1500));
    // the watch first (the outbox's answer is still on its way), then the outbox, then the watch again
    t.applyServer([{ ...doc(2, 'alice'), _id: 'a' }], 'live');
    t.applyLocal(echo('a', 'sent', 1, T0 + 1500));
    t.applyLocal(echo('a', 'visible', 1, T0 + 1500, { seq: 2 }));
    t.applyServer([{ ...doc(2, 'alice'), _id: 'a' }], 'gap');
    expect(ids(t)).toEqual(['s1', 'a']);
    expect(t.messages[1]).toMatchObject({ seq: 2, status: 'visible', mine: true, time: T0 + 2000 });
    // a late "sent" from the outbox never takes a published message back
    t.applyLocal(echo('a', 'sent', 1, T0 + 1500));
    expect(t.messages[1].status).toBe('visible');
  });

  it('emits nothing for a document it already shows unchanged', () => {
    const t = timeline();
    t.applyServer([doc(1), doc(2)], 'initial');
    const ops: TimelineOp[] = [];
    t.subscribe((o) => ops.push(...o));
    t.applyServer([doc(2)], 'live');
    expect(ops).toEqual([]);
    t.applyServer([{ ...doc(2), status: 'recalled' }], 'live');
    expect(ops).toEqual([{ op: 'update', index: 1, message: expect.objectContaining({ id: 's2', status: 'recalled' }) }]);
  });

  it('marks a published message a moderator took down as REMOVED (a code, not the English reason)', () => {
    const t = timeline();
    t.applyServer([doc(1, 'alice')], 'initial');
    t.applyServer([{ ...doc(1, 'alice'), status: 'blocked', blockReason: 'removed by a moderator' }], 'live');
    expect(t.messages[0]).toMatchObject({ status: 'blocked', reason: { code: 'REMOVED' } });
  });
});

describe('RoomTimeline receipts', () => {
  it('direct chats: visible -> delivered -> read, also for messages that load after the receipt', () => {
    const t = timeline(true);
    t.applyServer([doc(10, 'alice'), doc(11, 'bob')], 'initial');
    t.setPeerReceipts(12, 0);
    expect(t.messages[0].status).toBe('delivered');
    expect(t.messages[1].status).toBe('visible'); // the peer's own message has no receipt
    t.setPeerReceipts(12, 12);
    expect(t.messages[0].status).toBe('read');
    // seq 12 was not loaded when its receipt came: it arrives already read
    t.applyServer([doc(12, 'alice')], 'live');
    expect(t.messages[2].status).toBe('read');
    // older pages too
    t.applyServer([doc(8, 'alice')], 'older');
    expect(t.messages[0]).toMatchObject({ seq: 8, status: 'read' });
    // and my echo, once published
    t.applyLocal(echo('e', 'visible', 12, T0, { seq: 13 }));
    expect(t.get('e')!.status).toBe('visible');
    t.setPeerReceipts(13, 12);
    expect(t.get('e')!.status).toBe('delivered');
  });

  it('groups: a read count for a message not loaded yet is kept and shown when it loads', () => {
    const t = timeline(false);
    t.applyServer([doc(1)], 'initial');
    t.setReadCount('s5', 3);
    expect(t.get('s5')).toBeUndefined();
    t.applyServer([doc(5, 'alice')], 'live');
    expect(t.get('s5')).toMatchObject({ status: 'visible', readCount: 3 });
    t.setReadCount('s5', 4);
    expect(t.get('s5')!.readCount).toBe(4);
  });
});

describe('Cooldown (the slow-mode countdown on the timeline)', () => {
  function fakeClock() {
    let now = 1_000_000;
    const timers: Array<{ at: number; fn: () => void }> = [];
    const clock: CooldownClock = {
      now: () => now,
      setTimeout: (fn, ms) => {
        const timer = { at: now + ms, fn };
        timers.push(timer);
        return timer;
      },
      clearTimeout: (h) => {
        const i = timers.indexOf(h as (typeof timers)[number]);
        if (i >= 0) timers.splice(i, 1);
      },
    };
    const advance = (ms: number) => {
      now += ms;
      for (let due = timers.find((x) => x.at <= now); due; due = timers.find((x) => x.at <= now)) {
        timers.splice(timers.indexOf(due), 1);
        due.fn();
      }
    };
    return { clock, advance, pending: () => timers.length, now: () => now };
  }

  it('counts whole seconds down to zero and stops ticking', () => {
    const c = fakeClock();
    const cooldown = new Cooldown(c.clock);
    cooldown.set(c.now() + 2500, 'slow_mode');
    expect([cooldown.remaining, cooldown.limit]).toEqual([3, 'slow_mode']);
    c.advance(500);
    expect(cooldown.remaining).toBe(2);
    c.advance(1000);
    expect(cooldown.remaining).toBe(1);
    c.advance(1000);
    expect([cooldown.remaining, cooldown.limit]).toEqual([0, '']);
    expect(c.pending()).toBe(0);
  });

  it("follows the room's RATE_LIMITED entries only", () => {
    const c = fakeClock();
    const t = new RoomTimeline({ conversationId: 'c1', myOpenid: 'alice', direct: false, clock: c.clock });
    t.applyLocal(echo('a', 'queued', 0, 1, { errorCode: 'NETWORK', retryAt: c.now() + 5000 }));
    expect(t.cooldown.remaining).toBe(0);
    t.applyLocal(echo('a', 'sent', 0, 1, { errorCode: 'RATE_LIMITED', retryAt: c.now() + 12_000, waitLimit: 'slow_mode' }));
    expect([t.cooldown.remaining, t.cooldown.limit]).toEqual([12, 'slow_mode']);
    t.applyLocal(echo('a', 'visible', 0, 1, { seq: 1 }));
    expect(t.cooldown.remaining).toBe(0);
    expect(c.pending()).toBe(0);
  });
});
