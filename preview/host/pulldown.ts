// Pull-down refresh, as WeChat does it for a page whose json (or app.json window) sets
// enablePullDownRefresh: at the top of the page a downward drag (mouse or touch) pulls the page
// down over the window's background with three dots (backgroundTextStyle dark or light); released
// past THRESHOLD_PX it stays open and the page gets onPullDownRefresh, until wx.stopPullDownRefresh
// (or 10 s, a safety net of the preview's) closes it. wx.startPullDownRefresh opens it from code.
// A drag that starts sideways (a swipe on a row) is left alone.

const THRESHOLD_PX = 50;
const MAX_PX = 120;
const SLOP_PX = 10;
const SAFETY_MS = 10_000;

export type PullState = 'idle' | 'pulling' | 'refreshing';

export class PullDownRefresh {
  private state: PullState = 'idle';
  private readonly indicator: HTMLElement;
  private start: { id: number; x: number; y: number; decided: boolean } | null = null;
  private offset = 0;
  private safety: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly container: HTMLElement,
    window: Record<string, unknown>,
    private readonly onRefresh: () => void,
  ) {
    this.indicator = document.createElement('div');
    this.indicator.className = `wx-refresh wx-refresh-${window.backgroundTextStyle === 'light' ? 'light' : 'dark'}`;
    this.indicator.style.background = String(window.backgroundColor ?? '#ffffff');
    this.indicator.innerHTML = '<i></i><i></i><i></i>';
    this.indicator.setAttribute('aria-hidden', 'true');
    this.indicator.style.display = 'none';
    container.prepend(this.indicator);
    container.addEventListener('pointerdown', (e) => this.onDown(e));
    container.addEventListener('pointermove', (e) => this.onMove(e));
    container.addEventListener('pointerup', (e) => this.onUp(e));
    container.addEventListener('pointercancel', (e) => this.onUp(e));
  }

  get status(): PullState {
    return this.state;
  }

  /** wx.startPullDownRefresh: opens as if pulled, then asks the page. */
  begin(): void {
    if (this.state === 'refreshing') return;
    this.refresh();
  }

  /** wx.stopPullDownRefresh. */
  stop(): void {
    clearTimeout(this.safety);
    if (this.state !== 'refreshing') return;
    this.state = 'idle';
    this.move(0, true);
  }

  private onDown(e: PointerEvent) {
    if (this.state !== 'idle' || this.container.scrollTop > 0 || (e.pointerType === 'mouse' && e.button !== 0)) return;
    this.start = { id: e.pointerId, x: e.clientX, y: e.clientY, decided: false };
  }

  private onMove(e: PointerEvent) {
    const s = this.start;
    if (!s || s.id !== e.pointerId) return;
    const dx = e.clientX - s.x;
    const dy = e.clientY - s.y;
    if (!s.decided) {
      if (Math.abs(dx) < SLOP_PX && Math.abs(dy) < SLOP_PX) return;
      // only a downward drag pulls; sideways or upward belongs to the page (scroll, swipe rows)
      if (dy <= 0 || Math.abs(dx) > Math.abs(dy)) {
        this.start = null;
        return;
      }
      s.decided = true;
      this.state = 'pulling';
      // a mouse drag would select the text it passes over; a finger on a phone does not
      this.container.style.userSelect = 'none';
      document.getSelection()?.removeAllRanges();
    }
    // the page follows the finger at half speed, as a rubber band
    this.move(Math.min(MAX_PX, Math.max(0, dy / 2)), false);
  }

  private onUp(e: PointerEvent) {
    const s = this.start;
    if (!s || s.id !== e.pointerId) return;
    this.start = null;
    this.container.style.userSelect = '';
    if (this.state !== 'pulling') return;
    if (this.offset >= THRESHOLD_PX) this.refresh();
    else {
      this.state = 'idle';
      this.move(0, true);
    }
  }

  private refresh() {
    this.state = 'refreshing';
    this.move(THRESHOLD_PX, true);
    this.safety = setTimeout(() => this.stop(), SAFETY_MS);
    this.onRefresh();
  }

  /** Moves the page's content down by `px`; a transform only while it is away from the top. */
  private move(px: number, animated: boolean) {
    this.offset = px;
    this.container.dataset.pull = this.state;
    this.indicator.style.height = `${px}px`;
    // closed, it is not drawn at all (at height 0 its dots would still stick out of it)
    this.indicator.style.display = px ? '' : 'none';
    this.indicator.classList.toggle('wx-refresh-loading', this.state === 'refreshing');
    for (const child of this.container.children) {
      if (child === this.indicator) continue;
      const el = child as HTMLElement;
      el.style.transition = animated ? 'transform 0.3s ease' : '';
      el.style.transform = px ? `translateY(${px}px)` : '';
    }
  }
}
