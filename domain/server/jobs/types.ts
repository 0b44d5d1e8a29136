// The jobs collection's document and the shape of one step (see index.ts for the mechanism).
import type { Database } from '../database';
import type { Platform } from '../safety/platform';

export type JobKind = 'dissolve' | 'erase' | 'account' | 'retention' | 'memberKeys' | 'notify';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobProgress {
  /** Index into the kind's phases. */
  phase: number;
  /** Documents handled so far (the unit depends on the kind: members, messages...). */
  done: number;
  /** Known size when it was cheap to know (a group's memberCount at the start). */
  total?: number;
  /** Keyset position inside the current phase, when the phase walks rather than drains. */
  cursor?: string;
}

export interface JobDoc {
  _id: string;
  kind: JobKind;
  /** Who may read the job (the owner who dissolved, the person leaving or deleting); '' for system jobs. */
  ownerId: string;
  params: Record<string, unknown>;
  status: JobStatus;
  progress: JobProgress;
  result?: Record<string, unknown>;
  leaseUntil: number;
  leaseId?: string;
  runs: number;
  error?: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

export interface StepContext {
  db: Database;
  platform: Platform;
  job: JobDoc;
}

/** One bounded batch. `phaseDone` moves the job to its next phase; `result` is merged on finish. */
export interface StepOutcome {
  handled: number;
  phaseDone: boolean;
  cursor?: string;
  result?: Record<string, unknown>;
  /** Replaces the job's params and owner (account deletion scrubs the openid when it finishes). */
  params?: Record<string, unknown>;
  ownerId?: string;
}

export type Step = (ctx: StepContext) => Promise<StepOutcome>;
