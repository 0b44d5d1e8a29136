// The preview server: the phones page, the built bundle (preview/dist) and the mini program's static
// files (images referenced as /images/x.png), on 127.0.0.1.
// Usage: npx tsx preview/server.ts [--port 8080] [--cloud http://127.0.0.1:9000] [--build]
import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import { buildPreview } from './build/build-preview';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.json': 'application/json',
};
const STATIC_FROM_MINIPROGRAM = new Set(['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp']);

export interface PreviewServerOptions {
  port?: number;
  /** Local cloud base URL handed to every phone. */
  cloudUrl?: string;
  projectRoot?: string;
  /** The built bundle to serve; defaults to <projectRoot>/preview/dist (tests build fixtures elsewhere). */
  distDir?: string;
  /** Static images are looked up here; defaults to <projectRoot>/miniprogram. */
  miniRoot?: string;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

export async function startPreviewServer(options: PreviewServerOptions = {}): Promise<PreviewServer> {
  const root = options.projectRoot ?? path.resolve(__dirname, '..');
  const dist = options.distDir ?? path.join(root, 'preview', 'dist');
  const mini = options.miniRoot ?? path.join(root, 'miniprogram');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/') rel = '/index.html';
    const ext = path.extname(rel);
    const candidates = [path.join(dist, rel)];
    if (STATIC_FROM_MINIPROGRAM.has(ext)) candidates.push(path.join(mini, rel));
    const file = candidates.find((f) => (f.startsWith(dist + path.sep) || f.startsWith(mini + path.sep)) && fs.existsSync(f) && fs.statSync(f).isFile());
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${rel}`);
      return;
    }
    let body: Buffer | string = fs.readFileSync(file);
    if (rel === '/index.html' && options.cloudUrl) {
      body = body.toString().replace('<script>', `<script>window.PREVIEW_CLOUD_URL = ${JSON.stringify(options.cloudUrl)};</script>\n<script>`);
    }
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// run as a script (tsx preview/server.ts), not when imported by tests
if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === __filename.replace(/\.ts$/, '')) {
  (async () => {
    if (process.argv.includes('--build')) {
      await buildPreview({ projectRoot: path.resolve(__dirname, '..') });
    }
    const s = await startPreviewServer({ port: Number(arg('port') ?? 8080), cloudUrl: arg('cloud') });
    console.log(`Community Chat preview: ${s.url}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
