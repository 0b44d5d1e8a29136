// Test support for the messaging engine: simulated phones (the real wx.cloud shim over `ws`, the
// real services and stores) against a real local cloud running the real cloud functions. Ports a
// phone has besides wx.cloud: storage that survives a "restart" (JSON-cloned like wx storage), a
// lifecycle whose show/hide the test drives, the shim's network status.
import WebSocket from 'ws';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { createWxCloud, type WxCloud } from '../../localcloud/src/client';
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { BackoffPolicy } from '../../miniprogram/services/backoff';
import { createMessaging, type Messaging } from '../../miniprogram/services/messaging';
import { systemClock, type CloudLike, type LifecyclePort, type NetworkPort, type StoragePort } from '../../miniprogram/services/ports';
import { createConversationsStore } from '../../miniprogram/stores/conversations';

/** Short waits so tests finish fast; the shape (exponential, jittered) is the production one. */
export const FAST_BACKOFF: BackoffPolicy = { baseMs: 50, maxMs: 800 };

export function startCloud(): Promise<LocalCloud> {
  return startTestCloud({ functions: { timers: false } });
}

export class MemoryStorage implements StoragePort {
  private readonly map = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const raw = this.map.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  set(key: string, value: unknown): void {
    this.map.set(key, JSON.stringify(value));
  }
  remove(key: string): void {
    this.map.delete(key);
  }
}

export class FakeLifecycle implements LifecyclePort {
  private readonly shows = new Set<() => void>();
  private readonly hides = new Set<() => void>();
  onShow(listener: () => void): () => void {
    this.shows.add(listener);
    return () => this.shows.delete(listener);
  }
  onHide(listener: () => void): () => void {
    this.hides.add(listener);
    return () => this.hides.delete(listener);
  }
  show(): void {
    [...this.shows].forEach((l) => l());
  }
  hide(): void {
    [...this.hides].forEach((l) => l());
  }
}

function shimNetwork(wx: WxCloud): NetworkPort {
  return {
    isOnline: async () => wx.network.getStatus().isConnected,
    onChange: (listener) => wx.network.onStatusChange((s) => listener(s.isConnected)),
  };
}

export interface Phone {
  openid: string;
  wx: WxCloud;
  messaging: Messaging;
  storage: MemoryStorage;
  lifecycle: FakeLifecycle;
}

export interface PhoneOptions {
  storage?: MemoryStorage;
  /** Skip messaging.start() (the test signs in later or not at all). */
  noStart?: boolean;
  receiptDebounceMs?: number;
}

export async function phone(cloud: LocalCloud, openid: string, options: PhoneOptions = {}): Promise<Phone> {
  const wx = createWxCloud({ baseUrl: cloud.url, openid, WebSocket: WebSocket as never, realtime: { maxReconnect: 3, reconnectInterval: 150 } });
  wx.init({ env: cloud.envId });
  const storage = options.storage ?? new MemoryStorage();
  const lifecycle = new FakeLifecycle();
  const messaging = createMessaging(
    // The shim's generic call signatures (callbacks or promise) are wider than the promise-only port.
    { cloud: wx as unknown as CloudLike, storage, network: shimNetwork(wx), clock: systemClock, lifecycle },
    { backoff: FAST_BACKOFF, receiptDebounceMs: options.receiptDebounceMs ?? 100, watchOpenTimeoutMs: 2000, conversations: createConversationsStore() },
  );
  if (!options.noStart) await messaging.start();
  return { openid, wx, messaging, storage, lifecycle };
}

/** Closes a phone the way a killed app ends: watches gone, storage kept. */
export async function shutdown(p: Phone): Promise<void> {
  await p.messaging.stop();
  await p.wx.close();
}

/** The same user on the same device, launched again (storage survives). */
export async function restart(cloud: LocalCloud, p: Phone): Promise<Phone> {
  await shutdown(p);
  return phone(cloud, p.openid, { storage: p.storage });
}

/**
 * The community's sending limits (app_config `moderation`, as an admin edits it in the console).
 * Defaults allow 8 messages per 10 s per user: load tests raise them; functions read the document
 * through a 15 s cache, so set it before the first delivery.
 */
export async function setSendingLimits(cloud: LocalCloud, rateLimit: { messages: number; windowSeconds: number }): Promise<void> {
  await cloud.db.remove('app_config', { _id: 'moderation' });
  await cloud.db.insert('app_config', [{ _id: 'moderation', rateLimit, updatedAt: new Date() }]);
}

/** Calls the groups function as this phone's user; the answer's data, or throws its error. */
export async function phoneCallsGroups<T = { conversationId: string }>(p: Phone, data: Record<string, unknown>): Promise<T> {
  const { result } = await p.wx.callFunction({ name: 'groups', data });
  const answer = result as { ok: boolean; data?: T; error?: { code: string; message: string } };
  if (!answer.ok) throw new Error(`groups ${String(data.action)}: ${answer.error?.code} ${answer.error?.message}`);
  return answer.data as T;
}

/** Joins an open public group through the groups function. */
export async function joinGroup(p: Phone, conversationId: string): Promise<void> {
  await phoneCallsGroups(p, { action: 'join', conversationId });
}

/** A public group owned by `owner` that every other phone joins, its system messages read by all. */
export async function groupOf(owner: Phone, others: Phone[], name = 'Test group'): Promise<string> {
  const { conversationId } = await phoneCallsGroups(owner, { action: 'create', name, visibility: 'public' });
  for (const p of others) await joinGroup(p, conversationId);
  // Everyone has read the group's own system messages ("created", "joined"): tests count only what they send.
  const { seq } = (await owner.wx.database().collection('conversations').doc(conversationId).get()).data as { seq: number };
  for (const p of [owner, ...others]) await p.wx.callFunction({ name: 'receipts', data: { updates: [{ conversationId, readSeq: seq, deliveredSeq: seq }] } });
  return conversationId;
}

/** The texts of what people wrote, in order; the group's system messages ("created", "joined") left out. */
export function texts(items: Array<{ type?: string; content?: { text?: string } }>): string[] {
  return items.filter((i) => i.type !== 'system').map((i) => i.content?.text ?? '');
}

/** The 1.4.3 realtime client logs every socket event (and 'nextevent N ignored' for events it does handle). */
function quietRealtimeLogs(): void {
  if (process.env.REALTIME_LOGS) return;
  for (const method of ['log', 'warn', 'error', 'info'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && /^(\[realtime|nextevent \d+ ignored)/.test(args[0])) return;
      original(...args);
    };
  }
}
quietRealtimeLogs();
