// Export and import for seeds and bug reports: one <collection>.json per collection (a JSON array of
// documents, dates as {"$date": "<ISO>"}), plus metadata.json saying what was exported and in
// which format version (the firebase emulator habit). Import creates missing collections and
// puts every document by _id (replacing a document with the same id, keeping the others), through
// the ordinary durable write path, so watchers see it.
import fs from 'fs';
import path from 'path';
import { CloudError, ErrorCodes } from '../errors';
import type { Database } from './database';
import { decodeEJSON } from './ejson';
import type { Doc } from './types';

export const EXPORT_VERSION = 1;
const METADATA_FILE = 'metadata.json';

/** Readable EJSON: dates as ISO strings (decodeEJSON accepts both forms). */
function readableJson(value: unknown): string {
  return JSON.stringify(
    value,
    function replace(this: Record<string, unknown>, key: string, v: unknown) {
      const raw = key === '' ? v : this[key];
      if (raw instanceof Date) return { $date: raw.toISOString() };
      if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } };
      if (typeof raw === 'number' && !Number.isFinite(raw)) return { $numberDouble: String(raw) };
      return v;
    },
    2,
  );
}

export function exportDatabase(db: Database, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const collections = db.listCollections();
  for (const name of collections) {
    const docs = db.select(name, {});
    fs.writeFileSync(path.join(dir, `${name}.json`), readableJson(docs) + '\n');
  }
  const metadata = { version: EXPORT_VERSION, exportedAt: new Date().toISOString(), collections };
  fs.writeFileSync(path.join(dir, METADATA_FILE), JSON.stringify(metadata, null, 2) + '\n');
}

export function importDatabase(db: Database, dir: string): void {
  if (!fs.existsSync(dir)) throw new CloudError(ErrorCodes.INVALID_PARAM, `import folder ${dir} does not exist`);
  const metaPath = path.join(dir, METADATA_FILE);
  if (fs.existsSync(metaPath)) {
    const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as { version?: number };
    if (meta.version !== EXPORT_VERSION) throw new CloudError(ErrorCodes.INVALID_PARAM, `unsupported export version ${meta.version}`);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== METADATA_FILE)
    .sort();
  // Parse everything first so a bad file imports nothing.
  const parsed = files.map((f) => {
    const docs = decodeEJSON(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (!Array.isArray(docs)) throw new CloudError(ErrorCodes.INVALID_PARAM, `${f} must hold a JSON array of documents`);
    return { name: path.basename(f, '.json'), docs: docs as Doc[] };
  });
  for (const { name, docs } of parsed) {
    if (!db.hasCollection(name)) db.createCollection(name);
    if (docs.length) db.put(name, docs);
  }
}
