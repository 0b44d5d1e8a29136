// The local cloud's admin surfaces (the server SDK's /admin API, the console and its API, timers over
// HTTP, the open-API inspection routes) answer this machine only: not a page of another origin in
// the developer's browser, not a request addressed to another host name (DNS rebinding), not a peer
// off the loopback interface. The phones' /client path stays open to the preview's pages.
import http from 'http';
import type { IncomingMessage } from 'http';
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { localOnlyRefusal } from '../../localcloud/src/server/http';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
});
afterAll(() => cloud.stop());

/** A raw request, so Host and Origin are exactly what a browser or a rebinding page would send. */
function request(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  const { port } = new URL(cloud.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = () => new URL(cloud.url).host;
const adminCall = JSON.stringify({ action: 'database.queryDocument', collectionName: 'messages', query: '{}' });

it.each([
  ['POST', '/admin'],
  ['GET', '/console/api/collections'],
  ['POST', '/functions/timers'],
  ['GET', '/openapi/outbox'],
  ['OPTIONS', '/admin'],
])('%s %s refuses a page of another origin and a foreign Host', async (method, path) => {
  const fromPage = await request(method, path, { host: host(), origin: 'http://evil.example' }, method === 'POST' ? adminCall : '');
  expect([fromPage.status, JSON.parse(fromPage.body).code]).toEqual([403, 'LOCAL_ONLY']);
  const rebound = await request(method, path, { host: `evil.example:${new URL(cloud.url).port}` }, method === 'POST' ? adminCall : '');
  expect([rebound.status, JSON.parse(rebound.body).code]).toEqual([403, 'LOCAL_ONLY']);
});

it('answers this machine: the console from its own origin, the SDK without an Origin', async () => {
  const own = await request('GET', '/console/api/collections', { host: host(), origin: `http://${host()}` });
  expect(own.status).toBe(200);
  const sdk = await request('GET', '/functions/list', { host: `localhost:${new URL(cloud.url).port}` });
  expect(sdk.status).toBe(200);
});

it('the phones keep their path: /client from the preview origin is not an admin surface', async () => {
  const phone = await request(
    'POST',
    '/client',
    { host: host(), origin: 'http://127.0.0.1:1', 'x-wx-openid': 'ann' },
    JSON.stringify({ action: 'database.queryDocument', collectionName: 'users', query: '{}' }),
  );
  expect(phone.status).not.toBe(403);
});

it('refuses a peer off the loopback interface', () => {
  const req = { socket: { remoteAddress: '192.168.1.20' }, headers: { host: '127.0.0.1:9000' } } as unknown as IncomingMessage;
  expect(localOnlyRefusal(req)).toMatch(/loopback/);
  const local = { socket: { remoteAddress: '::ffff:127.0.0.1' }, headers: { host: '127.0.0.1:9000' } } as unknown as IncomingMessage;
  expect(localOnlyRefusal(local)).toBeNull();
});
