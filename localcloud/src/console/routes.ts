// HTTP for the console: the page, its script, and /console/api/* dispatched from one table.
// Errors answer {code, message} with a status that says whose fault it is (contract.ts).
import type { IncomingMessage, ServerResponse } from 'http';
import { CloudError, ErrorCodes } from '../errors';
import { readBody, sendJson } from '../server/http';
import type { Router } from '../server/router';
import type { ConsoleApi } from './api';
import type { ConsolePage } from './page';

/** The console's own requests are small; documents are capped at 16 MB like CloudBase's. */
const MAX_CONSOLE_BODY = 16 * 1024 * 1024;

/** A raw answer (file bytes) instead of JSON. */
class RawBody {
  constructor(
    readonly content: Buffer | string,
    readonly contentType: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

interface Request {
  /** Decoded path segments captured by the route's pattern. */
  params: string[];
  query: URLSearchParams;
  body(): Promise<Record<string, unknown>>;
}

type Handler = (req: Request) => unknown | Promise<unknown>;

const STATUS_BY_CODE: Record<string, number> = {
  [ErrorCodes.INVALID_PARAM]: 400,
  [ErrorCodes.INVALID_QUERY]: 400,
  [ErrorCodes.INVALID_OPERATOR]: 400,
  [ErrorCodes.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCodes.COLLECTION_NOT_EXIST]: 404,
  [ErrorCodes.DOCUMENT_NOT_EXIST]: 404,
  [ErrorCodes.FUNCTION_NOT_FOUND]: 404,
  [ErrorCodes.STORAGE_FILE_NOT_EXIST]: 404,
  [ErrorCodes.COLLECTION_ALREADY_EXIST]: 409,
  [ErrorCodes.DUPLICATE_KEY]: 409,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
};

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req, MAX_CONSOLE_BODY)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch (err) {
    throw new CloudError(ErrorCodes.INVALID_PARAM, `request body is not JSON: ${(err as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new CloudError(ErrorCodes.INVALID_PARAM, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

export function registerConsoleRoutes(router: Router, api: ConsoleApi, page: ConsolePage): void {
  const seg = '([^/]+)';
  const table: Array<[string, RegExp, Handler]> = [
    ['GET', /^\/console\/?$/, () => new RawBody(page.html(), 'text/html; charset=utf-8')],
    ['GET', /^\/console\/app\.js$/, async () => new RawBody(await page.script(), 'text/javascript; charset=utf-8')],
    ['GET', /^\/console\/api\/collections$/, () => api.collections()],
    ['POST', /^\/console\/api\/collections$/, async (r) => api.createCollection(await r.body())],
    ['POST', new RegExp(`^/console/api/collections/${seg}/query$`), async (r) => api.query(r.params[0], await r.body())],
    ['POST', new RegExp(`^/console/api/collections/${seg}/documents$`), async (r) => api.addDocument(r.params[0], await r.body())],
    ['PUT', new RegExp(`^/console/api/collections/${seg}/documents/${seg}$`), async (r) => api.writeDocument(r.params[0], r.params[1], await r.body())],
    ['DELETE', new RegExp(`^/console/api/collections/${seg}/documents/${seg}$`), (r) => api.removeDocument(r.params[0], r.params[1])],
    ['GET', /^\/console\/api\/functions$/, () => api.functions()],
    ['GET', /^\/console\/api\/invocations$/, (r) => api.invocations(r.query)],
    ['POST', new RegExp(`^/console/api/functions/${seg}/fire-timer$`), async (r) => api.fireTimer(r.params[0], await r.body())],
    ['GET', /^\/console\/api\/outbox$/, () => api.outbox()],
    ['GET', /^\/console\/api\/storage$/, () => api.storage()],
    [
      'GET',
      /^\/console\/api\/storage\/content$/,
      (r) => {
        const { content, contentType, name } = api.fileContent(r.query);
        return new RawBody(content, contentType, { 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}` });
      },
    ],
    ['DELETE', /^\/console\/api\/storage$/, (r) => api.deleteFile(r.query)],
    ['GET', /^\/console\/api\/sec-words$/, () => api.secWords()],
    ['PUT', /^\/console\/api\/sec-words$/, async (r) => api.setSecWords(await r.body())],
    ['GET', /^\/console\/api\/missing-indexes$/, () => api.missingIndexes()],
    ['DELETE', /^\/console\/api\/missing-indexes$/, () => api.clearMissingIndexes()],
  ];

  router.route('*', '/console', async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    try {
      const onPath = table.filter(([, pattern]) => pattern.test(url.pathname));
      if (onPath.length === 0) throw new CloudError('NOT_FOUND', `no console endpoint ${url.pathname}`);
      const hit = onPath.find(([method]) => method === req.method);
      if (!hit) throw new CloudError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname} (use ${onPath.map(([m]) => m).join(', ')})`);
      const params = (hit[1].exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
      const answer = await hit[2]({ params, query: url.searchParams, body: () => jsonBody(req) });
      if (answer instanceof RawBody) {
        res.writeHead(200, { 'content-type': answer.contentType, 'cache-control': 'no-store', ...answer.headers }).end(answer.content);
      } else {
        sendJson(res, 200, answer);
      }
    } catch (err) {
      const e = err instanceof CloudError ? err : new CloudError(ErrorCodes.SYS_ERR, (err as Error)?.message ?? String(err));
      if (!(err instanceof CloudError)) console.error('[local cloud] console error', err);
      sendJson(res, STATUS_BY_CODE[e.code] ?? 500, { code: e.code, message: e.message });
    }
  });
}
