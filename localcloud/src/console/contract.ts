// The console's HTTP API, one shape per endpoint, shared by the server (api.ts) and the page
// (ui/). Types only: the page is bundled for the browser and must not pull server code.
//
//   GET    /console                                       the page
//   GET    /console/app.js                                the page's script (ui/, bundled on first request)
//   GET    /console/api/collections                       -> CollectionsResponse
//   POST   /console/api/collections            {name}     -> {name}                (creates it)
//   POST   /console/api/collections/<c>/query  QueryRequest -> QueryResponse
//   POST   /console/api/collections/<c>/documents  {document} -> {id}
//   PUT    /console/api/collections/<c>/documents/<id>  WriteRequest -> {document}
//   DELETE /console/api/collections/<c>/documents/<id>  -> {removed}
//   GET    /console/api/functions                         -> FunctionsResponse
//   GET    /console/api/invocations?name=&limit=          -> InvocationsResponse (newest first)
//   POST   /console/api/functions/<f>/fire-timer  {trigger?} -> {invocation}  (when the run ends)
//   GET    /console/api/outbox                            -> OutboxResponse (newest first)
//   GET    /console/api/storage                           -> StorageResponse
//   GET    /console/api/storage/content?fileID=           the file's bytes
//   DELETE /console/api/storage?fileID=                   -> {deleted}
//   GET    /console/api/sec-words                         -> SecWordsResponse
//   PUT    /console/api/sec-words              {words}    -> SecWordsResponse
//   GET    /console/api/missing-indexes                   -> MissingIndexesResponse (oldest first)
//   DELETE /console/api/missing-indexes                   -> {cleared}               (forgets them)
//
// Errors: HTTP 400 (bad input), 404 (no such collection, document, function, file), 409 (exists),
// with the body ConsoleError. Documents travel as relaxed EJSON: dates as {"$date": "<ISO>"}.
// Writes go through the database's admin path: they emit change events, so open watches see them.

export interface ConsoleError {
  code: string;
  message: string;
}

export type Doc = { _id: string } & Record<string, unknown>;

export interface CollectionsResponse {
  collections: { name: string; count: number }[];
}

export interface QueryRequest {
  /** A query as the database takes it: fields and operators ({"seq": {"$gt": 3}}), EJSON values. */
  where?: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  skip?: number;
  /** 1..1000, default 20. */
  limit?: number;
}

export interface QueryResponse {
  documents: Doc[];
  /** How many match `where` in all. */
  total: number;
}

export interface WriteRequest {
  document: Record<string, unknown>;
  /** replace: the document becomes exactly this (its _id kept); merge: these fields are set, nested objects field by field. */
  mode: 'replace' | 'merge';
}

export interface FunctionsResponse {
  functions: { name: string; timeoutSeconds: number; timers: string[] }[];
}

export interface LogLine {
  at: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface Invocation {
  id: string;
  function: string;
  trigger: { kind: 'call'; via: string } | { kind: 'timer'; trigger: string };
  openid?: string;
  event: unknown;
  startedAt: string;
  durationMs?: number;
  cold?: boolean;
  status: 'running' | 'ok' | 'error' | 'timeout';
  result?: unknown;
  error?: { code: string; message: string };
  logs: LogLine[];
}

export interface InvocationsResponse {
  invocations: Invocation[];
}

export interface OutboxResponse {
  messages: {
    msgid: string;
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
    sentAt: string;
  }[];
}

export interface StorageResponse {
  files: { fileID: string; cloudPath: string; openid: string; size: number; contentType: string; created: string }[];
}

export interface SecWord {
  word: string;
  suggest: 'review' | 'risky';
  label: number;
}

export interface SecWordsResponse {
  words: SecWord[];
}

/** One query shape the app sent that no index declared in database/ serves (db/advisor.ts). */
export interface MissingIndex {
  collection: string;
  operation: 'query' | 'count' | 'update' | 'remove' | 'aggregate' | 'watch';
  /** Fields and operators, values stripped, and the sort: `{"status":"$eq"} sort {"writtenAt":1}`. */
  shape: string;
  /** `function:<name>`, `client:<page>`, `client` or `admin`, with how often each sent it. */
  sources: { source: string; count: number }[];
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Indexes in the database/*.json format that would serve it (one per $or branch if needed). */
  suggested: { name: string; keys: { name: string; direction: '1' | '-1' }[] }[];
}

export interface MissingIndexesResponse {
  missing: MissingIndex[];
}
