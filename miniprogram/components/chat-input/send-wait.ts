// The input bar's countdown while the outbox waits out slow mode or a rate window: set `waitUntil`
// (epoch ms, 0 = none) and `waitLimit`; the bar shows "慢速模式：请等待 12 秒" ticking down each
// second and clears itself at zero (the outbox retries then on its own).
const TICK_MS = 1000;

export function waitLabel(until: number, limit: string, now: number): string {
  const seconds = Math.ceil((until - now) / 1000);
  if (!until || seconds <= 0) return '';
  return limit === 'slow_mode' ? `慢速模式：请等待 ${seconds} 秒` : `发送太快：${seconds} 秒后自动发送`;
}

interface WaitData {
  waitUntil: number;
  waitLimit: string;
  waitText: string;
}
type Host = { data: WaitData; setData(d: Partial<WaitData>): void; waitTimer?: ReturnType<typeof setTimeout> | null };

function tick(self: Host): void {
  if (self.waitTimer) clearTimeout(self.waitTimer);
  self.waitTimer = null;
  const until = Number(self.data.waitUntil) || 0;
  const label = waitLabel(until, String(self.data.waitLimit || ''), Date.now());
  if (label !== self.data.waitText) self.setData({ waitText: label });
  if (label) {
    // wake at the next whole second of the remaining time, so the number steps evenly
    const next = ((until - Date.now()) % TICK_MS) || TICK_MS;
    self.waitTimer = setTimeout(() => tick(self), next);
  }
}

export const sendWait = Behavior({
  properties: {
    /** When the waiting message is retried (epoch ms); 0 when nothing waits. */
    waitUntil: { type: Number, value: 0 },
    /** Which limit: 'slow_mode' or 'rate'. */
    waitLimit: { type: String, value: '' },
  },
  data: { waitText: '' },
  observers: {
    'waitUntil, waitLimit'() {
      tick(this as unknown as Host);
    },
  },
  lifetimes: {
    detached() {
      const self = this as unknown as Host;
      if (self.waitTimer) clearTimeout(self.waitTimer);
      self.waitTimer = null;
    },
  },
});
