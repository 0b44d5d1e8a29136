// Realtime watch service: the CloudBase realtime WebSocket endpoint at /ws/watch, the
// `auth.wsWebSign` action that hands a mini program client its login ticket and socket URL, and the
// security-rules guard for every client database request (installed here so rules and watch share
// one RulesGuard).
import { WebSocketServer } from 'ws';
import type { Service, ServiceContext } from '../server/service';
import type { DatabaseService } from '../db';
import { RulesGuard, validateSpecRules } from '../rules';
import { CloudError, ErrorCodes } from '../errors';
import { WatchHub } from './hub';

export const WATCH_PATH = '/ws/watch';

export interface RealtimeService extends Service {
  readonly guard: RulesGuard;
  stats(): { connections: number; watches: number; windows: number };
}

export async function createRealtimeService(ctx: ServiceContext, db: DatabaseService): Promise<RealtimeService> {
  validateSpecRules(ctx.specs);
  const guard = new RulesGuard(() => ctx.specs, db);
  // The engine placeholder (before the database lands) has no setClientGuard/onChange.
  db.setClientGuard?.(guard);
  const hub = new WatchHub(db, guard, ctx.envId);
  const wss = new WebSocketServer({ noServer: true });
  let unsubscribe: (() => void) | undefined;

  // As the js-sdk's realtime client calls it (websocket-client.js getWsSign): {runtime} in,
  // {signStr, wsUrl, secretVersion, envId} out. Only mini program callers get a ticket.
  ctx.router.action('auth.wsWebSign', async (_params, actionCtx) => {
    if (actionCtx.caller.kind !== 'client') throw new CloudError(ErrorCodes.INVALID_PARAM, 'auth.wsWebSign is for mini program clients');
    const { openid, appid } = actionCtx.caller.identity;
    return {
      signStr: hub.issueSign({ openid, appid }),
      wsUrl: ctx.baseUrl().replace(/^http/, 'ws') + WATCH_PATH,
      secretVersion: 1,
      envId: ctx.envId,
    };
  });
  ctx.router.upgrade(WATCH_PATH, (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws));
  });

  return {
    name: 'realtime',
    guard,
    stats: () => hub.stats(),
    async start() {
      unsubscribe = db.onChange?.(hub.onChange);
    },
    async stop() {
      unsubscribe?.();
      hub.closeAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
