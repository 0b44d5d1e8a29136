// The status bar above the navigation bar: the phone's clock (the real local time, as a phone
// shows it: 24-hour, no leading zero on the hour) and the network, which reads "无服务" while the
// phone is offline (the frame's offline switch), so a screenshot says which state it shows.
import type { NetworkSource } from './cloud';

export function clockText(now: Date): string {
  return `${now.getHours()}:${String(now.getMinutes()).padStart(2, '0')}`;
}

export class StatusBar {
  private readonly time: HTMLElement;
  private readonly network: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly source: NetworkSource,
  ) {
    this.time = root.querySelector('.wx-status-time')!;
    this.network = root.querySelector('.wx-status-network')!;
  }

  start(): void {
    this.tick();
    this.paintNetwork(this.source.getStatus().isConnected);
    this.source.onStatusChange((s) => this.paintNetwork(s.isConnected));
  }

  /** Repaints, then waits for the next minute boundary, so the clock never lags a minute. */
  private tick(): void {
    const now = new Date();
    this.time.textContent = clockText(now);
    this.time.setAttribute('datetime', now.toISOString());
    setTimeout(() => this.tick(), 60_000 - (now.getTime() % 60_000) + 50);
  }

  private paintNetwork(online: boolean): void {
    this.network.textContent = online ? 'WeChat' : '无服务';
    this.network.parentElement!.classList.toggle('wx-status-offline', !online);
  }
}
