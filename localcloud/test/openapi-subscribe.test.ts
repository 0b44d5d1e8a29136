// subscribeMessage.send against the consent ledger and outbox, and getVoIPSign, through the
// unmodified wx-server-sdk. Consent arrives the way the mini program shim reports
// wx.requestSubscribeMessage results: POST /client openapi.recordSubscribeConsent.
import { createHmac } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { SubscribeMessages } from '../src/openapi/subscribe';
import { startTestCloud, serverSdk } from './support/cloud';
import type { LocalCloud } from '../src/cloud';

let cloud: LocalCloud;
let sdk: ReturnType<typeof serverSdk>;

beforeAll(async () => {
  cloud = await startTestCloud();
  sdk = serverSdk(cloud, { openid: 'o-fn' });
});
afterAll(() => cloud.stop());

async function consent(openid: string, body: Record<string, unknown>) {
  const res = await fetch(`${cloud.url}/client`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid, 'x-wx-appid': 'wxapp' },
    body: JSON.stringify({ action: 'openapi.recordSubscribeConsent', ...body }),
  });
  return (await res.json()) as { data?: { remaining: Record<string, number> }; code?: string };
}

// thing keywords hold at most 20 characters: 'New reply in Hiking' has 19.
const reply = { thing1: { value: 'New reply in Hiking' }, time2: { value: '2024-05-01 10:00' } };

const send = (touser: string, templateId: string, extra: Record<string, unknown> = {}) =>
  sdk.openapi.subscribeMessage.send({ touser, templateId, page: 'pages/conversations/conversations?id=c1', data: reply, miniprogramState: 'developer', lang: 'zh_CN', ...extra });

test('no consent -> 43101; one accepted consent allows exactly one send', async () => {
  await expect(send('o-ann', 'TMPL_REPLY')).rejects.toMatchObject({ errCode: 43101 });

  const recorded = await consent('o-ann', { tmplIds: ['TMPL_REPLY', 'TMPL_EVENT'], results: { TMPL_REPLY: 'accept', TMPL_EVENT: 'reject' } });
  expect(recorded.data).toEqual({ remaining: { TMPL_REPLY: 1 } });

  const first = await send('o-ann', 'TMPL_REPLY');
  expect(first).toMatchObject({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
  await expect(send('o-ann', 'TMPL_REPLY')).rejects.toMatchObject({ errCode: 43101 });
  await expect(send('o-ann', 'TMPL_EVENT')).rejects.toMatchObject({ errCode: 43101 });
  // Another user's consent is theirs alone.
  await expect(send('o-ben', 'TMPL_REPLY')).rejects.toMatchObject({ errCode: 43101 });

  const outbox = cloud.openapi.outbox().filter((m) => m.touser === 'o-ann');
  expect(outbox).toEqual([
    {
      msgid: (first as { msgid: string }).msgid,
      touser: 'o-ann',
      templateId: 'TMPL_REPLY',
      page: 'pages/conversations/conversations?id=c1',
      data: reply,
      miniprogramState: 'developer',
      lang: 'zh_CN',
      sentAt: expect.any(String),
    },
  ]);
  const http = (await (await fetch(`${cloud.url}/openapi/outbox`)).json()) as { messages: unknown[] };
  expect(http.messages).toEqual(cloud.openapi.outbox());
});

test('two consents allow two sends; bad data (47003) and a bad page (41030) use none', async () => {
  cloud.openapi.recordConsent('o-cat', 'TMPL_REPLY', 'accept');
  cloud.openapi.recordConsent('o-cat', 'TMPL_REPLY', 'accept');
  cloud.openapi.recordConsent('o-cat', 'TMPL_REPLY', 'ban');
  expect(cloud.openapi.remainingConsents('o-cat')).toEqual({ TMPL_REPLY: 2 });

  await expect(send('o-cat', 'TMPL_REPLY', { data: { thing1: { value: 'x'.repeat(21) } } })).rejects.toMatchObject({ errCode: 47003 });
  await expect(send('o-cat', 'TMPL_REPLY', { data: { number3: { value: 'twelve' } } })).rejects.toMatchObject({ errCode: 47003 });
  await expect(send('o-cat', 'TMPL_REPLY', { data: {} })).rejects.toMatchObject({ errCode: 47003 });
  await expect(send('o-cat', 'TMPL_REPLY', { page: 'pages/nowhere/nowhere' })).rejects.toMatchObject({ errCode: 41030 });
  await expect(send('o-cat', 'TMPL_REPLY', { miniprogramState: 'beta' })).rejects.toMatchObject({ errCode: 47003 });
  await expect(send('', 'TMPL_REPLY')).rejects.toMatchObject({ errCode: 40003 });
  expect(cloud.openapi.remainingConsents('o-cat')).toEqual({ TMPL_REPLY: 2 });

  await send('o-cat', 'TMPL_REPLY');
  await send('o-cat', 'TMPL_REPLY');
  await expect(send('o-cat', 'TMPL_REPLY')).rejects.toMatchObject({ errCode: 43101 });
  expect(cloud.openapi.outbox().filter((m) => m.touser === 'o-cat')).toHaveLength(2);
});

test('consent input is validated before anything is recorded', async () => {
  const bad = await consent('o-dan', { tmplIds: ['A', 'B'], results: { A: 'accept', B: 'maybe' } });
  expect(bad.code).toBe('INVALID_PARAM');
  expect(await consent('o-dan', { tmplIds: ['A', 'B', 'C', 'D'], results: {} })).toMatchObject({ code: 'INVALID_PARAM' });
  expect(cloud.openapi.remainingConsents('o-dan')).toEqual({});
});

/** wx-server-sdk 4.0.2 implements getVoIPSign (index.js src/api/open/api/getVoIPSign.ts) but its typings omit it. */
type VoipSign = (o: { groupId: string; nonce: string; timestamp: number }) => Promise<{ signature: string; errCode: number; errMsg: string }>;

test('getVoIPSign answers a deterministic signature in the SDK shape', async () => {
  const getVoIPSign = (sdk as unknown as { getVoIPSign: VoipSign }).getVoIPSign;
  const res = await getVoIPSign({ groupId: 'room-42', nonce: 'n0nce', timestamp: 1700000000 });
  const expected = createHmac('sha256', 'local-voip-key:local-env').update('wxlocalcloud000001\nroom-42\nn0nce\n1700000000').digest('hex');
  expect(res).toEqual({ signature: expected, errCode: 0, errMsg: 'getVoIPSign:ok' });
  expect(cloud.openapi.voipSignature('room-42', 'n0nce', 1700000000)).toBe(expected);
  const other = await getVoIPSign({ groupId: 'room-42', nonce: 'other', timestamp: 1700000000 });
  expect(other.signature).not.toBe(expected);
});

test('open APIs are server-only: a mini program cannot call wx.openApi', async () => {
  const res = await fetch(`${cloud.url}/client`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'o-eve', 'x-wx-appid': 'wxapp' },
    body: JSON.stringify({ action: 'wx.openApi', apiName: 'subscribeMessage.send' }),
  });
  expect(await res.json()).toMatchObject({ code: 'INVALID_ACTION' });
});

test('the ledger and the outbox are append-only logs that survive a restart, a torn last line included', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subscribe-log-'));
  const first = new SubscribeMessages(dir, dir);
  first.recordConsent('o-log', 'TMPL_LOG', 'accept');
  first.recordConsent('o-log', 'TMPL_LOG', 'accept');
  expect(first.send({ touser: 'o-log', template_id: 'TMPL_LOG', data: reply })).toMatchObject({ errcode: 0 });
  // A crash in the middle of the next append leaves half a line.
  fs.appendFileSync(path.join(dir, 'openapi', 'outbox.jsonl'), '{"msgid":"12');
  const again = new SubscribeMessages(dir, dir);
  expect(again.remaining('o-log')).toEqual({ TMPL_LOG: 1 });
  expect(again.outbox().map((m) => m.touser)).toEqual(['o-log']);
  expect(again.send({ touser: 'o-log', template_id: 'TMPL_LOG', data: reply })).toMatchObject({ errcode: 0 });
  expect(again.send({ touser: 'o-log', template_id: 'TMPL_LOG', data: reply })).toMatchObject({ errcode: 43101 });
  const third = new SubscribeMessages(dir, dir);
  expect(third.outbox()).toHaveLength(2);
  expect(third.remaining('o-log')).toEqual({});
  fs.rmSync(dir, { recursive: true, force: true });
});
