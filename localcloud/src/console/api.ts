// What the console's endpoints do, over the local cloud's services. Every input is checked here
// and refused with INVALID_PARAM before anything is touched; answers have the contract.ts shapes.
import type { DatabaseService } from '../db';
import type { FunctionsService } from '../functions';
import type { OpenApiService } from '../openapi';
import type { StorageService } from '../storage';
import { CloudError, ErrorCodes } from '../errors';
import type * as C from './contract';
import { fromDisplay, mergeUpdate, toDisplay } from './documents';

export interface ConsoleDeps {
  db: DatabaseService;
  functions: FunctionsService;
  openapi: OpenApiService;
  storage: StorageService;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
/** CloudBase collection names: letters, digits, _ and -, starting with a letter, up to 32. */
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

const invalid = (message: string) => new CloudError(ErrorCodes.INVALID_PARAM, message);

function objectField(value: unknown, name: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

function intField(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw invalid(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

function sortField(value: unknown): Record<string, 1 | -1> | undefined {
  if (value === undefined || value === null) return undefined;
  const sort = objectField(value, 'sort');
  for (const [field, dir] of Object.entries(sort)) {
    if (dir !== 1 && dir !== -1) throw invalid(`sort.${field} must be 1 or -1`);
  }
  return sort as Record<string, 1 | -1>;
}

export class ConsoleApi {
  constructor(private readonly deps: ConsoleDeps) {}

  private collection(name: string): string {
    if (!COLLECTION_NAME.test(name)) throw invalid(`bad collection name ${JSON.stringify(name)}`);
    if (!this.deps.db.hasCollection(name)) throw new CloudError(ErrorCodes.COLLECTION_NOT_EXIST, `collection ${name} does not exist`);
    return name;
  }

  async collections(): Promise<C.CollectionsResponse> {
    const names = [...this.deps.db.listCollections()].sort();
    return { collections: await Promise.all(names.map(async (name) => ({ name, count: await this.deps.db.count(name, {}) }))) };
  }

  async createCollection(body: Record<string, unknown>): Promise<{ name: string }> {
    const name = body.name;
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) throw invalid('name must be a collection name (letters, digits, _ and -, up to 32)');
    await this.deps.db.createCollection(name);
    return { name };
  }

  async query(collection: string, body: Record<string, unknown>): Promise<C.QueryResponse> {
    const name = this.collection(collection);
    const where = fromDisplay(body.where === undefined || body.where === null ? {} : objectField(body.where, 'where')) as Record<string, unknown>;
    const sort = sortField(body.sort);
    const skip = intField(body.skip, 'skip', 0, Number.MAX_SAFE_INTEGER, 0);
    const limit = intField(body.limit, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
    const [documents, total] = await Promise.all([this.deps.db.find(name, where, { sort, skip, limit }), this.deps.db.count(name, where)]);
    return { documents: documents.map((d) => toDisplay(d) as C.Doc), total };
  }

  async addDocument(collection: string, body: Record<string, unknown>): Promise<{ id: string }> {
    const name = this.collection(collection);
    const document = fromDisplay(objectField(body.document, 'document')) as Record<string, unknown>;
    if (document._id !== undefined && (typeof document._id !== 'string' || !document._id)) throw invalid('_id must be a non-empty string when given');
    const [id] = await this.deps.db.insert(name, [document]);
    return { id: id as string }; // a string: the console only accepts string ids (checked above)
  }

  async writeDocument(collection: string, id: string, body: Record<string, unknown>): Promise<{ document: C.Doc }> {
    const name = this.collection(collection);
    const mode = body.mode;
    if (mode !== 'replace' && mode !== 'merge') throw invalid('mode must be "replace" or "merge"');
    const { _id, ...fields } = fromDisplay(objectField(body.document, 'document')) as Record<string, unknown>;
    if (_id !== undefined && _id !== id) throw invalid(`the document's _id (${String(_id)}) differs from ${id}: _id cannot change`);
    const { updated } = await this.deps.db.update(name, { _id: id }, mode === 'replace' ? fields : mergeUpdate(fields), { replace: mode === 'replace' });
    if (updated === 0 && (await this.deps.db.count(name, { _id: id })) === 0) throw notFound(name, id);
    const [document] = await this.deps.db.find(name, { _id: id }, { limit: 1 });
    return { document: toDisplay(document) as C.Doc };
  }

  async removeDocument(collection: string, id: string): Promise<{ removed: number }> {
    const name = this.collection(collection);
    const removed = await this.deps.db.remove(name, { _id: id });
    if (removed === 0) throw notFound(name, id);
    return { removed };
  }

  functions(): C.FunctionsResponse {
    return {
      functions: this.deps.functions
        .list()
        .map((f) => ({ name: f.name, timeoutSeconds: f.timeoutSeconds, timers: f.triggers.map((t) => t.name) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  invocations(query: URLSearchParams): C.InvocationsResponse {
    const name = query.get('name') || undefined;
    const limit = intField(query.get('limit'), 'limit', 1, 1000, 100);
    return { invocations: this.deps.functions.invocations({ name, limit }) as C.Invocation[] };
  }

  async fireTimer(fn: string, body: Record<string, unknown>): Promise<{ invocation: C.Invocation }> {
    const trigger = body.trigger;
    if (trigger !== undefined && typeof trigger !== 'string') throw invalid('trigger must be a trigger name');
    if (!this.deps.functions.list().some((f) => f.name === fn)) throw new CloudError(ErrorCodes.FUNCTION_NOT_FOUND, `no function ${fn}`);
    return { invocation: (await this.deps.functions.fireTimer(fn, trigger || undefined)) as C.Invocation };
  }

  outbox(): C.OutboxResponse {
    return { messages: this.deps.openapi.outbox().reverse() };
  }

  storage(): C.StorageResponse {
    return { files: this.deps.storage.list().map(({ blob: _blob, ...file }) => file) };
  }

  fileContent(query: URLSearchParams): { content: Buffer; contentType: string; name: string } {
    const { file, content } = this.deps.storage.read(fileIdOf(query));
    return { content, contentType: file.contentType, name: file.cloudPath.split('/').pop() ?? 'file' };
  }

  async deleteFile(query: URLSearchParams): Promise<{ deleted: string }> {
    const fileID = fileIdOf(query);
    await this.deps.storage.delete(fileID);
    return { deleted: fileID };
  }

  secWords(): C.SecWordsResponse {
    return { words: this.deps.openapi.secWords() };
  }

  missingIndexes(): C.MissingIndexesResponse {
    return { missing: this.deps.db.missingIndexes() };
  }

  clearMissingIndexes(): { cleared: number } {
    const cleared = this.deps.db.missingIndexes().length;
    this.deps.db.clearMissingIndexes();
    return { cleared };
  }

  setSecWords(body: Record<string, unknown>): C.SecWordsResponse {
    // validated by the open-API service before anything is replaced
    this.deps.openapi.setSecWords(body.words as C.SecWord[]);
    return this.secWords();
  }
}

function notFound(collection: string, id: string): CloudError {
  return new CloudError(ErrorCodes.DOCUMENT_NOT_EXIST, `no document ${id} in ${collection}`);
}

function fileIdOf(query: URLSearchParams): string {
  const fileID = query.get('fileID');
  if (!fileID || !fileID.startsWith('cloud://')) throw invalid('fileID must be a cloud:// file id');
  return fileID;
}
