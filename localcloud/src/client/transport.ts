// The wx.cloud shim's one way out: POST /client with the caller's identity in headers, plus the
// fault knobs tests and the preview use (delay, fail, offline, drop watches). Browser-safe: no Node
// imports; fetch and WebSocket are injected.

/** The global fetch (Node 20 and browsers), or a stand-in with the same shape. */
export type FetchLike = typeof fetch;

/** The subset of the WHATWG WebSocket the 1.4.3 realtime client uses (`ws` satisfies it in Node). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  /** `ws` only: destroy the socket without a close frame (what a lost network looks like). */
  terminate?(): void;
}
export type WebSocketCtor = new (url: string) => SocketLike;

export interface NetworkStatus {
  isConnected: boolean;
  /** As wx.getNetworkType reports it: 'wifi' while online, 'none' while offline. */
  networkType: 'wifi' | 'none';
}

/** A CloudBase envelope: `{data, requestId}` or `{code, message, requestId}`. */
export interface Envelope {
  data?: unknown;
  code?: string;
  message?: string;
  requestId?: string;
}

export class NetworkError extends Error {
  constructor(message: string) {
    super(`request:fail ${message}`);
    this.name = 'NetworkError';
  }
}

export interface Faults {
  /** Closes this client's watch sockets abruptly; the 1.4.3 realtime client reconnects and rebuilds. */
  dropWatches(): void;
  /** Every request waits this long before it is sent (0 turns it off). */
  delayRequests(ms: number): void;
  /** A rate in (0, 1) fails that share of requests at random; an integer n >= 1 fails the next n; 0 stops. */
  failRequests(rateOrCount: number): void;
  /** Offline: requests fail with a network error, watch sockets drop and cannot reconnect. */
  setOnline(online: boolean): void;
}

/**
 * The 1.4.3 realtime client closes a socket it is done with (3001 no listeners, 3000 reconnect) but
 * leaves its onclose handler attached: if the server then cuts the closing socket (a restart, a
 * test's cloud.stop()), the client sees 1006 and starts reconnecting a socket it had abandoned.
 * Once the client has closed a socket itself, its close event reports the client's own code.
 */
function reportOwnCloseCode(socket: SocketLike): void {
  let ownCode: number | undefined;
  const close = socket.close.bind(socket);
  socket.close = (code?: number, reason?: string) => {
    ownCode ??= code;
    close(code, reason);
  };
  let proto: object | null = socket;
  let descriptor: PropertyDescriptor | undefined;
  while (proto && !(descriptor = Object.getOwnPropertyDescriptor(proto, 'onclose'))) proto = Object.getPrototypeOf(proto);
  if (!descriptor?.set || !descriptor.get) return;
  const { get, set } = descriptor;
  Object.defineProperty(socket, 'onclose', {
    configurable: true,
    get: () => get.call(socket),
    set: (handler: SocketLike['onclose']) => set.call(socket, handler && ((ev: { code: number; reason?: string }) => handler(ownCode !== undefined ? { code: ownCode, reason: ev.reason } : ev))),
  });
}

/**
 * A watch the client has closed (CLOSE_WATCH sent on this socket) may still be addressed by frames
 * that were already on their way: the server sends nothing for it after the close arrives
 * (realtime/hub.ts), but a push or a rule re-check's ERROR can cross the close on the wire, e.g.
 * when a membership ends and the app closes its room watch on the inbox's push of the same commit.
 * The 1.4.3 client then logs `[realtime] no realtime listener found responsible for watchId` at
 * error level (websocket-client.js:226) and hands the frame to no one. Frames for a watch this
 * socket closed are dropped before the client sees them; frames for any other unknown watch still
 * reach it (and its log), so a real mix-up stays visible.
 */
function dropFramesOfClosedWatches(socket: SocketLike): void {
  const closed = new Set<string>();
  const send = socket.send.bind(socket);
  socket.send = (data: string) => {
    const watchId = frameOf(data, 'CLOSE_WATCH');
    if (watchId) closed.add(watchId);
    send(data);
  };
  let proto: object | null = socket;
  let descriptor: PropertyDescriptor | undefined;
  while (proto && !(descriptor = Object.getOwnPropertyDescriptor(proto, 'onmessage'))) proto = Object.getPrototypeOf(proto);
  if (!descriptor?.set || !descriptor.get) return;
  const { get, set } = descriptor;
  Object.defineProperty(socket, 'onmessage', {
    configurable: true,
    get: () => get.call(socket),
    set: (handler: SocketLike['onmessage']) =>
      set.call(
        socket,
        handler &&
          ((ev: { data: unknown }) => {
            const watchId = typeof ev.data === 'string' && closed.size ? frameOf(ev.data) : undefined;
            if (watchId && closed.has(watchId)) return;
            handler(ev);
          }),
      ),
  });
}

/** The watchId of a JSON frame (of the given msgType, when asked), else undefined. */
function frameOf(data: string, msgType?: string): string | undefined {
  try {
    const frame = JSON.parse(data) as { watchId?: unknown; msgType?: unknown };
    if (msgType && frame.msgType !== msgType) return undefined;
    return typeof frame.watchId === 'string' ? frame.watchId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The page on top of the mini program's stack (its route), when the host provides getCurrentPages.
 * Sent as x-wx-page, which WeChat does not send: only the local index advisor reads it.
 */
function currentPage(): string | undefined {
  try {
    const pages = (globalThis as { getCurrentPages?: () => Array<{ route?: unknown }> }).getCurrentPages?.();
    const route = pages?.[pages.length - 1]?.route;
    return typeof route === 'string' && route ? route : undefined;
  } catch {
    return undefined;
  }
}

function pageHeader(): Record<string, string> {
  const page = currentPage();
  return page ? { 'x-wx-page': encodeURIComponent(page) } : {};
}

export class Transport implements Faults {
  private delayMs = 0;
  private failRate = 0;
  private failCount = 0;
  private online = true;
  private readonly sockets = new Set<SocketLike>();
  private readonly statusListeners = new Set<(s: NetworkStatus) => void>();

  constructor(
    readonly baseUrl: string,
    readonly openid: string,
    readonly appid: string,
    readonly fetchImpl: FetchLike,
    private readonly WebSocketImpl: WebSocketCtor | undefined,
  ) {}

  /** Applies the injected delay and failures; every request of this client passes here first. */
  async gate(): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (!this.online) throw new NetworkError('network is offline');
    if (this.failCount > 0) {
      this.failCount--;
      throw new NetworkError('injected failure');
    }
    if (this.failRate > 0 && Math.random() < this.failRate) throw new NetworkError('injected failure');
  }

  /** Plain HTTP (storage objects) through the same faults. */
  async http(url: string, init?: RequestInit): Promise<Response> {
    await this.gate();
    try {
      return await this.fetchImpl(url, init);
    } catch (err) {
      throw new NetworkError((err as Error)?.message ?? String(err));
    }
  }

  async post(action: string, params: Record<string, unknown>): Promise<Envelope> {
    await this.gate();
    let res;
    try {
      res = await this.fetchImpl(`${this.baseUrl}/client`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': this.openid, 'x-wx-appid': this.appid, ...pageHeader() },
        body: JSON.stringify({ ...params, action }),
      });
    } catch (err) {
      throw new NetworkError((err as Error)?.message ?? String(err));
    }
    return (await res.json()) as Envelope;
  }

  /** Opens a watch socket (called through the global Db.wsClass, see watch.ts). */
  openSocket(url: string): SocketLike {
    if (!this.online) throw new NetworkError('network is offline');
    const Ctor = this.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
    if (!Ctor) throw new Error('no WebSocket implementation: pass createWxCloud({WebSocket})');
    const socket = new Ctor(url);
    this.sockets.add(socket);
    // The realtime client owns onclose; a listener of our own forgets the socket once it closes.
    const target = socket as unknown as { addEventListener?: (type: string, f: () => void) => void };
    target.addEventListener?.('close', () => void this.sockets.delete(socket));
    reportOwnCloseCode(socket);
    dropFramesOfClosedWatches(socket);
    return socket;
  }

  get openSockets(): number {
    return [...this.sockets].filter((s) => s.readyState <= 1).length;
  }

  dropWatches(): void {
    for (const socket of this.sockets) {
      // Only live sockets: killing one that is already closing would look like a fresh drop.
      if (socket.readyState > 1) continue;
      if (socket.terminate) socket.terminate();
      else socket.close(4000, 'dropped by fault injection');
    }
    this.sockets.clear();
  }

  delayRequests(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  failRequests(rateOrCount: number): void {
    this.failRate = rateOrCount > 0 && rateOrCount < 1 ? rateOrCount : 0;
    this.failCount = rateOrCount >= 1 ? Math.floor(rateOrCount) : 0;
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!online) this.dropWatches();
    const status = this.networkStatus();
    for (const l of [...this.statusListeners]) l(status);
  }

  networkStatus(): NetworkStatus {
    return { isConnected: this.online, networkType: this.online ? 'wifi' : 'none' };
  }

  onNetworkStatusChange(listener: (s: NetworkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}
