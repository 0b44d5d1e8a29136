// HTTP front door: body limits, the {data, requestId} / {code, message, requestId} envelopes
// CloudBase answers with, and dispatch of POST /admin and POST /client to registered actions.
import http, { IncomingMessage, ServerResponse } from 'http';
import { randomUUID } from 'crypto';
import busboy from 'busboy';
import { MAX_BODY_BYTES } from '../config';
import { CloudError, ErrorCodes } from '../errors';
import { RawResponse, TopLevelResponse, type Caller, type Router } from './router';

interface ParsedBody {
  fields: Record<string, unknown>;
  files?: Record<string, Buffer>;
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new CloudError(ErrorCodes.PAYLOAD_TOO_LARGE, `request body exceeds ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** wx.openApi calls arrive as multipart/form-data with a protobuf `requestData` part. */
function readMultipart(req: IncomingMessage): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, unknown> = {};
    const files: Record<string, Buffer> = {};
    const bb = busboy({ headers: req.headers, limits: { fileSize: MAX_BODY_BYTES } });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (files[name] = Buffer.concat(chunks)));
    });
    bb.on('close', () => resolve({ fields, files }));
    bb.on('error', reject);
    req.pipe(bb);
  });
}

async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) return readMultipart(req);
  const raw = await readBody(req);
  let fields: unknown;
  try {
    fields = JSON.parse(raw.toString('utf8') || '{}');
  } catch {
    throw new CloudError(ErrorCodes.INVALID_PARAM, 'request body is not valid JSON');
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new CloudError(ErrorCodes.INVALID_PARAM, 'request body must be a JSON object');
  }
  return { fields: fields as Record<string, unknown> };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown, requestId: string): void {
  const e = err instanceof CloudError ? err : new CloudError(ErrorCodes.SYS_ERR, (err as Error)?.message ?? String(err));
  if (!(err instanceof CloudError)) console.error('[local cloud] unexpected error', err);
  sendJson(res, e.httpStatus, { code: e.code, message: e.message, requestId });
}

/**
 * The mini program's identity reaches the local cloud in headers set by the wx.cloud shim. In
 * WeChat the platform vouches for it; locally the shim is bound to one openid per phone.
 */
function clientCaller(req: IncomingMessage): Caller {
  const openid = String(req.headers['x-wx-openid'] ?? '');
  const appid = String(req.headers['x-wx-appid'] ?? '');
  if (!openid) throw new CloudError(ErrorCodes.INVALID_PARAM, 'client request without x-wx-openid');
  // Not sent by WeChat: the local shim names the current page so the index advisor can say who asked.
  let page = '';
  try {
    page = decodeURIComponent(String(req.headers['x-wx-page'] ?? '')).slice(0, 200);
  } catch {
    // a malformed page name is only a diagnostic: drop it
  }
  return { kind: 'client', identity: { openid, appid, source: 'wx_client', ...(page ? { page } : {}) } };
}

async function dispatchAction(router: Router, req: IncomingMessage, res: ServerResponse, url: URL, caller: () => Caller): Promise<void> {
  const requestId = randomUUID();
  try {
    const body = await parseBody(req);
    const name = body.fields.action;
    if (typeof name !== 'string') throw new CloudError(ErrorCodes.INVALID_PARAM, 'missing action');
    const handler = router.actions.get(name);
    if (!handler) throw new CloudError(ErrorCodes.INVALID_ACTION, `unknown action ${name}`);
    const data = await handler(body.fields, { caller: caller(), requestId, files: body.files, url });
    if (data instanceof RawResponse) {
      res.writeHead(200, { 'content-type': data.contentType, 'access-control-allow-origin': '*' });
      res.end(data.body);
      return;
    }
    if (data instanceof TopLevelResponse) {
      sendJson(res, 200, { ...data.fields, data: data.data, requestId });
      return;
    }
    sendJson(res, 200, { data, requestId });
  } catch (err) {
    sendError(res, err, requestId);
  }
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The server SDK's API, the console and its API, timers and the open-API inspection routes. */
export function isAdminSurface(pathname: string): boolean {
  return (
    pathname === '/admin' ||
    pathname.startsWith('/admin/') ||
    pathname === '/console' ||
    pathname.startsWith('/console/') ||
    pathname.startsWith('/functions/') ||
    pathname === '/openapi/outbox' ||
    pathname === '/openapi/sec-words'
  );
}

/**
 * The admin surfaces act with every right (no rules apply to them), so they answer this machine
 * only: a loopback peer, a loopback Host (a page that rebinds its own name to 127.0.0.1 fails here),
 * and no browser page of another origin (any site open in the developer's browser could otherwise
 * POST to them, since the socket is loopback either way). The server also listens on 127.0.0.1
 * only; this holds if that ever changes. The phones' /client path and storage are not admin.
 */
export function localOnlyRefusal(req: IncomingMessage): string | null {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return 'admin surfaces answer loopback peers only';
  const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
  if (!LOOPBACK_HOSTS.has(host)) return 'admin surfaces answer requests addressed to 127.0.0.1 or localhost only';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) return 'admin surfaces refuse pages of another origin';
  return null;
}

export function createHttpServer(router: Router): http.Server {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (isAdminSurface(url.pathname)) {
      const refusal = localOnlyRefusal(req);
      if (refusal) {
        sendJson(res, 403, { code: 'LOCAL_ONLY', message: refusal });
        return;
      }
    }
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
      });
      res.end();
      return;
    }
    // `/admin/<token>` lets the functions runner tell which invocation a server SDK call came from.
    if (method === 'POST' && (url.pathname === '/admin' || url.pathname.startsWith('/admin/'))) {
      void dispatchAction(router, req, res, url, () => ({ kind: 'admin', identity: { source: 'scf' } }));
      return;
    }
    if (method === 'POST' && url.pathname === '/client') {
      void dispatchAction(router, req, res, url, () => clientCaller(req));
      return;
    }
    const route = router.findRoute(method, url.pathname);
    if (!route) {
      sendJson(res, 404, { code: 'NOT_FOUND', message: `no route ${method} ${url.pathname}` });
      return;
    }
    Promise.resolve(route(req, res, url)).catch((err) => {
      if (!res.headersSent) sendError(res, err, randomUUID());
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handler = router.upgrades.get(url.pathname);
    if (handler) handler(req, socket, head);
    else socket.destroy();
  });
  return server;
}
