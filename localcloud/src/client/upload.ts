// How uploadFile's PUT reports progress as the bytes go out (the mini program's UploadTask gives
// {progress, totalBytesSent, totalBytesExpectedToSend} while sending). fetch alone cannot: it
// neither reports upload progress nor, in browsers, streams a request body over HTTP/1.1 (Chrome
// requires HTTP/2 for `duplex: 'half'` uploads). So:
//   - browsers (the preview): XMLHttpRequest, whose `upload.onprogress` reports bytes sent;
//   - Node (tests, scripts): fetch with a ReadableStream body (`duplex: 'half'`, undici) that hands
//     the bytes over in CHUNK_BYTES pieces, counting each piece as undici pulls it;
//   - anything else: one fetch with the whole body (progress only at the end).
// Every path goes through the transport's fault gate first, so offline and injected failures apply.
import { NetworkError, type Transport } from './transport';

/** Progress step in Node: a 512 KB file reports 8 steps. */
export const CHUNK_BYTES = 64 * 1024;

export interface PutRequest {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | Blob;
  signal?: AbortSignal;
  /** Bytes handed to the network so far; called with increasing values. */
  onSent(bytes: number): void;
}

export interface PutResponse {
  status: number;
  text: string;
}

export type UploadMode = 'xhr' | 'stream' | 'whole';

/** XMLHttpRequest where there is one (browsers); Node has none. */
export function uploadMode(): UploadMode {
  if (typeof XMLHttpRequest === 'function') return 'xhr';
  if (typeof ReadableStream === 'function') return 'stream';
  return 'whole';
}

export async function put(transport: Transport, request: PutRequest, mode: UploadMode = uploadMode()): Promise<PutResponse> {
  if (mode === 'xhr') return putWithXhr(transport, request);
  if (mode === 'stream') return putStreamed(transport, request);
  const res = await transport.http(request.url, { method: 'PUT', headers: request.headers, body: request.body as BodyInit, signal: request.signal });
  return { status: res.status, text: await res.text() };
}

async function putWithXhr(transport: Transport, { url, headers, body, signal, onSent }: PutRequest): Promise<PutResponse> {
  await transport.gate();
  return new Promise<PutResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(new NetworkError('abort'));
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onSent(e.loaded);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new NetworkError('upload failed'));
    xhr.onabort = () => reject(new NetworkError('abort'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    // Uint8Array<ArrayBufferLike> (possibly over a SharedArrayBuffer) is wider than what the DOM lib's send() names.
    xhr.send(body as XMLHttpRequestBodyInit);
  });
}

async function putStreamed(transport: Transport, { url, headers, body, signal, onSent }: PutRequest): Promise<PutResponse> {
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(await body.arrayBuffer());
  let offset = 0;
  // highWaterMark 0: nothing is queued ahead; a piece is produced only when undici asks for it.
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) return controller.close();
        const piece = bytes.subarray(offset, offset + CHUNK_BYTES);
        offset += piece.byteLength;
        controller.enqueue(piece);
        onSent(offset);
      },
    },
    { highWaterMark: 0 },
  );
  // `duplex` is required by undici for a stream body and not yet in the DOM lib's RequestInit.
  const init = { method: 'PUT', headers: { ...headers, 'content-length': String(bytes.byteLength) }, body: stream, signal, duplex: 'half' };
  const res = await transport.http(url, init as RequestInit);
  return { status: res.status, text: await res.text() };
}
