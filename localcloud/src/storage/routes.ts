// The object-store side: PUT/POST uploads against a ticket from storage.getUploadMetadata, and
// GET/HEAD of signed temp URLs. Errors answer as COS does, in XML (node-sdk uploadFile parses
// `<Error><Code/><Message/><RequestId/><TraceId/></Error>` and needs all four elements).
import type { IncomingMessage, ServerResponse } from 'http';
import { randomUUID } from 'crypto';
import busboy from 'busboy';
import { CloudError, ErrorCodes } from '../errors';
import type { Router } from '../server/router';
import type { StorageCore } from './core';
import { DOWNLOAD_PREFIX, UPLOAD_PREFIX } from './links';

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function cosError(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const id = randomUUID();
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>` +
    `<Resource>${xmlEscape(resource)}</Resource><RequestId>${id}</RequestId><TraceId>${id}</TraceId></Error>`;
  // The body may not have been read (refused before streaming): close instead of keeping alive.
  res.writeHead(status, { 'content-type': 'application/xml', 'access-control-allow-origin': '*', connection: 'close' });
  res.end(body);
}

function uploadFailure(res: ServerResponse, err: unknown, resource: string): void {
  if (err instanceof CloudError && err.code === ErrorCodes.PAYLOAD_TOO_LARGE) cosError(res, 413, 'EntityTooLarge', err.message, resource);
  else if (err instanceof CloudError) cosError(res, 400, 'InvalidArgument', err.message, resource);
  else cosError(res, 500, 'InternalError', (err as Error)?.message ?? String(err), resource);
}

export function registerStorageRoutes(router: Router, core: StorageCore): void {
  const upload = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const id = url.pathname.slice(UPLOAD_PREFIX.length + 1);
    const ticket = core.signer.findUpload(id);
    if (ticket === 'missing') return cosError(res, 403, 'AccessDenied', 'upload ticket unknown or already used', url.pathname);
    if (ticket === 'expired') return cosError(res, 403, 'AccessDenied', 'Request has expired', url.pathname);
    const authorization = req.headers.authorization;
    if (authorization !== undefined && authorization !== ticket.authorization) {
      return cosError(res, 403, 'SignatureDoesNotMatch', 'The Signature you specified is invalid', ticket.cloudPath);
    }
    const stored = req.method === 'PUT' ? await putBody(req, res, core, ticket) : await postForm(req, res, core, ticket);
    if (!stored) return;
    core.signer.consumeUpload(id);
    if (req.method === 'PUT') {
      // COS answers a successful PUT with 200 and an empty body (node-sdk parses '' as no error).
      res.writeHead(200, { etag: `"${stored.blob}"`, 'access-control-allow-origin': '*' });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ fileID: stored.fileID, size: stored.size }));
    }
  };
  router.route('PUT', UPLOAD_PREFIX, upload);
  router.route('POST', UPLOAD_PREFIX, upload);

  const download = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let cloudPath: string;
    try {
      cloudPath = decodeURIComponent(url.pathname.slice(DOWNLOAD_PREFIX.length + 1));
    } catch {
      return cosError(res, 400, 'InvalidURI', 'malformed path', url.pathname);
    }
    const verdict = core.signer.checkDownload(cloudPath, url.searchParams.get('sign') ?? '', Number(url.searchParams.get('t')));
    if (verdict === 'bad-sign') return cosError(res, 403, 'AccessDenied', 'Access Denied.', cloudPath);
    if (verdict === 'expired') return cosError(res, 403, 'AccessDenied', 'Request has expired', cloudPath);
    const file = core.store.get(cloudPath);
    if (!file) return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', cloudPath);
    const content = core.store.read(file);
    // A single `bytes=a-b` range, enough for <video>/<audio> seeking in the browser preview.
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
    let start = 0;
    let end = content.length - 1;
    if (range && (range[1] || range[2])) {
      start = range[1] ? Number(range[1]) : Math.max(0, content.length - Number(range[2]));
      end = range[1] && range[2] ? Math.min(Number(range[2]), content.length - 1) : content.length - 1;
      if (start > end || start >= content.length) {
        res.writeHead(416, { 'content-range': `bytes */${content.length}` });
        res.end();
        return;
      }
    }
    const partial = start !== 0 || end !== content.length - 1;
    res.writeHead(partial ? 206 : 200, {
      'content-type': file.contentType,
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      etag: `"${file.blob}"`,
      'last-modified': new Date(file.created).toUTCString(),
      'access-control-allow-origin': '*',
      ...(partial ? { 'content-range': `bytes ${start}-${end}/${content.length}` } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : content.subarray(start, end + 1));
  };
  router.route('GET', DOWNLOAD_PREFIX, download);
  router.route('HEAD', DOWNLOAD_PREFIX, download);
}

type Ticket = Exclude<ReturnType<StorageCore['signer']['findUpload']>, string>;

async function putBody(req: IncomingMessage, res: ServerResponse, core: StorageCore, ticket: Ticket) {
  // Refuse a declared oversize body before reading it; a chunked body that overflows is cut off
  // mid-stream (the socket closes, as COS does), since its response can no longer be sent cleanly.
  if (Number(req.headers['content-length'] ?? 0) > core.maxUploadBytes) {
    uploadFailure(res, new CloudError(ErrorCodes.PAYLOAD_TOO_LARGE, `file exceeds ${core.maxUploadBytes} bytes`, 413), ticket.cloudPath);
    return undefined;
  }
  try {
    return await core.store.write(ticket.cloudPath, req, { openid: ticket.openid, contentType: req.headers['content-type'], maxBytes: core.maxUploadBytes });
  } catch (err) {
    uploadFailure(res, err, ticket.cloudPath);
    return undefined;
  }
}

/** A browser-style form post: the file in a part named `file` (COS POST Object's field name). */
function postForm(req: IncomingMessage, res: ServerResponse, core: StorageCore, ticket: Ticket) {
  return new Promise<Awaited<ReturnType<StorageCore['store']['write']>> | undefined>((resolve) => {
    if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      cosError(res, 400, 'InvalidArgument', 'POST upload must be multipart/form-data with a file part', ticket.cloudPath);
      return resolve(undefined);
    }
    let writing: ReturnType<StorageCore['store']['write']> | undefined;
    const bb = busboy({ headers: req.headers });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || writing) {
        stream.resume();
        return;
      }
      writing = core.store.write(ticket.cloudPath, stream, { openid: ticket.openid, contentType: info.mimeType, maxBytes: core.maxUploadBytes });
      writing.catch(() => undefined); // handled on 'close'
    });
    bb.on('close', () => {
      if (!writing) {
        cosError(res, 400, 'InvalidArgument', 'no file part named "file"', ticket.cloudPath);
        return resolve(undefined);
      }
      writing.then(resolve, (err) => {
        uploadFailure(res, err, ticket.cloudPath);
        resolve(undefined);
      });
    });
    bb.on('error', (err) => {
      uploadFailure(res, err, ticket.cloudPath);
      resolve(undefined);
    });
    req.pipe(bb);
  });
}
