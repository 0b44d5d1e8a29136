// The app's foreground/background, as WeChat drives it: switching away hides the current page,
// calls App.onHide and the wx.onAppHide listeners; coming back does the reverse with onShow.
// A phone goes to the background when its frame's document is hidden, or on demand
// (`window.__preview.lifecycle.background()` in tests, the phones page's toggle).
import type { Router } from './router';

type Listener = (options: Record<string, unknown>) => void;

export class AppLifecycle {
  private readonly showListeners = new Set<Listener>();
  private readonly hideListeners = new Set<Listener>();
  private inBackground = false;

  constructor(
    private readonly router: () => Router,
    private readonly callApp: (name: 'onShow' | 'onHide', options?: Record<string, unknown>) => void,
  ) {}

  get isBackground(): boolean {
    return this.inBackground;
  }

  background(): void {
    if (this.inBackground) return;
    this.inBackground = true;
    this.router().suspendCurrent();
    this.callApp('onHide');
    for (const l of [...this.hideListeners]) l({});
  }

  foreground(): void {
    if (!this.inBackground) return;
    this.inBackground = false;
    const options = { path: this.router().current?.path ?? '', query: {}, scene: 1001, referrerInfo: {} };
    this.callApp('onShow', options);
    for (const l of [...this.showListeners]) l(options);
    this.router().resumeCurrent();
  }

  /** wx.onAppShow / onAppHide / offAppShow / offAppHide. */
  wxApis(): Record<string, (listener?: Listener) => void> {
    return {
      onAppShow: (l) => l && this.showListeners.add(l),
      onAppHide: (l) => l && this.hideListeners.add(l),
      offAppShow: (l) => (l ? this.showListeners.delete(l) : this.showListeners.clear()),
      offAppHide: (l) => (l ? this.hideListeners.delete(l) : this.hideListeners.clear()),
    };
  }

  /** Follows the frame's visibility (a hidden browser tab is a backgrounded app). */
  followDocumentVisibility(doc: Document): void {
    doc.addEventListener('visibilitychange', () => (doc.visibilityState === 'hidden' ? this.background() : this.foreground()));
  }
}
