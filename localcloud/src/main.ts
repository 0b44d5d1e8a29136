// `npm run cloud [-- --port 9000 --data .localcloud]`: the local CloudBase in the foreground.
import { parseArgs } from 'util';
import path from 'path';
import { LocalCloud } from './cloud';
import { DEFAULT_DATA_DIR, DEFAULT_PORT } from './config';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: String(DEFAULT_PORT) }, data: { type: 'string', default: DEFAULT_DATA_DIR } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const cloud = await LocalCloud.start({ port, dataDir: path.resolve(values.data!) });
  console.log(`local cloud: ${cloud.url}`);
  for (const s of cloud.services()) console.log(`  ${s.name.padEnd(10)} ${s.serves}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`local cloud: ${signal}, stopping`);
    cloud.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
