// The local console at GET /console: browse and edit collections, read function invocations with
// their logs and fire timers, read the subscribe-message outbox, manage stored files and the
// msgSecCheck word list, and list the queries no declared index serves (db/advisor.ts). The page is plain HTML + TypeScript (ui/); its API is contract.ts.
import type { Service, ServiceContext } from '../server/service';
import { ConsoleApi, type ConsoleDeps } from './api';
import { ConsolePage } from './page';
import { registerConsoleRoutes } from './routes';

export type { ConsoleDeps } from './api';

export interface ConsoleService extends Service {
  /** The console page's URL. */
  url(): string;
}

export async function createConsoleService(ctx: ServiceContext, deps: ConsoleDeps): Promise<ConsoleService> {
  registerConsoleRoutes(ctx.router, new ConsoleApi(deps), new ConsolePage());
  return { name: 'console', url: () => `${ctx.baseUrl()}/console` };
}
