// Every local cloud service sits behind this small interface (STYLE.md habit 6).
import type { CollectionSpec } from '../../../domain/spec';
import type { Router } from './router';

export interface ServiceContext {
  router: Router;
  /** Durable data folder (database files, storage objects, logs). */
  dataDir: string;
  /** Project root: database/, cloudfunctions/, cloudbaserc.json live here. */
  projectRoot: string;
  specs: CollectionSpec[];
  envId: string;
  /** The database clock (ids, serverDate, transaction lifetimes); Date.now unless a test injects one. */
  clock?: () => number;
  /** http://127.0.0.1:<port>, known once the server listens. */
  baseUrl(): string;
}

export interface Service {
  readonly name: string;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
