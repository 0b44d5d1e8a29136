// `npm run db:export -- --data <dataDir> --out <dir>` and `npm run db:import -- --data <dataDir> --in <dir>`:
// the database of a stopped local cloud to/from one JSON file per collection. Refuses a data folder
// a running local cloud holds (storage.ts lock).
import path from 'path';
import { parseArgs } from 'util';
import { loadCollectionSpecs } from '../../../domain/spec';
import { DEFAULT_DATA_DIR } from '../config';
import { Database } from './database';
import { exportDatabase, importDatabase } from './exchange';

function main(): void {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { data: { type: 'string', default: DEFAULT_DATA_DIR }, out: { type: 'string' }, in: { type: 'string' } },
  });
  const folder = command === 'export' ? values.out : command === 'import' ? values.in : undefined;
  if (!folder) throw new Error('usage: cli.ts export --data <dataDir> --out <dir> | import --data <dataDir> --in <dir>');
  const db = new Database(path.resolve(values.data!), loadCollectionSpecs());
  try {
    if (command === 'export') exportDatabase(db, path.resolve(folder));
    else importDatabase(db, path.resolve(folder));
  } finally {
    db.close();
  }
  console.log(`${command}ed ${db.listCollections().length} collections ${command === 'export' ? 'to' : 'from'} ${folder}`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
