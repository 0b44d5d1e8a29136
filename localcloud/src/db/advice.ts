// What the index advisor (advisor.ts) reports, apart from it so that types.ts can name it without
// importing the advisor (which reads types.ts).
export type AdvisedOperation = 'query' | 'count' | 'update' | 'remove' | 'aggregate' | 'watch';

export interface IndexSuggestion {
  name: string;
  keys: { name: string; direction: '1' | '-1' }[];
}

export interface MissingIndex {
  collection: string;
  operation: AdvisedOperation;
  /** The query with values stripped: `{"status":"$eq","writtenAt":"$lt"} sort {"writtenAt":1}`. */
  shape: string;
  /** Who sent it: `function:<name>`, `client:<page route>`, `client`, or `admin` (a Node-side SDK). */
  sources: { source: string; count: number }[];
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Indexes that would serve it, in the database/*.json format (one per $or branch when needed). */
  suggested: IndexSuggestion[];
}
