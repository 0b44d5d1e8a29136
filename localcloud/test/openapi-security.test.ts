// msgSecCheck and mediaCheckAsync through the unmodified wx-server-sdk (wx.openApi, protobuf).
// The SDK turns snake_case answers into camelCase (trace_id -> traceId), drops errcode/errmsg and
// adds errCode 0 / errMsg 'openapi.<api>:ok'; a non-zero errcode rejects with errCode = errcode.
import path from 'path';
import { startTestCloud, serverSdk } from './support/cloud';
import type { LocalCloud } from '../src/cloud';
import type { MediaCheckEvent } from '../src/openapi';

let cloud: LocalCloud;
let sdk: ReturnType<typeof serverSdk>;

beforeAll(async () => {
  const fixtures = path.join(__dirname, 'fixtures', 'cloudfunctions');
  cloud = await startTestCloud({ functions: { configPath: path.join(fixtures, 'cloudbaserc.json'), timers: false } });
  sdk = serverSdk(cloud, { openid: 'o-author' });
  cloud.openapi.onMediaCheckResult((event) => seenMediaEvents.push(event));
});
afterAll(() => cloud.stop());

const check = (content: string, extra: Record<string, unknown> = {}) => sdk.openapi.security.msgSecCheck({ content, version: 2, scene: 2, openid: 'o-author', ...extra });

test('msgSecCheck: pass, review and risky come from the dictionary', async () => {
  const pass = await check('hello everyone, meetup at 7pm');
  expect(pass).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 } });
  expect(pass.traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  expect(pass.detail).toEqual([{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 0 }]);

  const review = await check('click here: review-demo');
  expect(review.result).toEqual({ suggest: 'review', label: 21000 });

  // Both words present: the worse verdict wins; every hit is listed as a keyword detail.
  const risky = await check('REVIEW-DEMO and 兼职刷单');
  expect(risky.result).toEqual({ suggest: 'risky', label: 20008 });
  expect(risky.detail.filter((d: { strategy: string }) => d.strategy === 'keyword').map((d: { keyword: string }) => d.keyword)).toEqual(['兼职刷单', 'review-demo']);
});

test('msgSecCheck: dictionary edits take effect at once', async () => {
  expect((await check('buy cheap pills')).result.suggest).toBe('pass');
  cloud.openapi.putSecWord({ word: 'cheap pills', suggest: 'risky', label: 10001 });
  expect((await check('buy cheap pills')).result).toEqual({ suggest: 'risky', label: 10001 });
  expect(cloud.openapi.removeSecWord('cheap pills')).toBe(true);
  expect((await check('buy cheap pills')).result.suggest).toBe('pass');

  // Over HTTP, as the console does; a bad list is refused and changes nothing.
  const before = cloud.openapi.secWords();
  const bad = await fetch(`${cloud.url}/openapi/sec-words`, { method: 'PUT', body: JSON.stringify({ words: [{ word: 'x', suggest: 'maybe', label: 100 }] }) });
  expect(await bad.json()).toMatchObject({ code: 'INVALID_PARAM' });
  expect(cloud.openapi.secWords()).toEqual(before);
});

test('msgSecCheck: WeChat error codes for bad input', async () => {
  await expect(check('x'.repeat(2501))).rejects.toMatchObject({ errCode: 45002 });
  // 2,500 characters (not bytes) are fine, even when multi-byte.
  expect((await check('好'.repeat(2500))).errCode).toBe(0);
  await expect(check('hi', { openid: undefined })).rejects.toMatchObject({ errCode: 40003 });
  await expect(check('hi', { scene: 9 })).rejects.toMatchObject({ errCode: 40129 });
  await expect(check('', {})).rejects.toMatchObject({ errCode: 44002 });
});

/**
 * The verdict event of one check. Events are recorded from the start: with no delay the verdict
 * can be pushed before the SDK call that returned the trace id has resumed the test.
 */
const seenMediaEvents: MediaCheckEvent[] = [];
function nextMediaEvent(traceId: string): Promise<MediaCheckEvent> {
  const seen = seenMediaEvents.find((e) => e.trace_id === traceId);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const off = cloud.openapi.onMediaCheckResult((event) => {
      if (event.trace_id !== traceId) return;
      off();
      resolve(event);
    });
  });
}

test('mediaCheckAsync: trace id now, verdict event later, pushed to the configured function', async () => {
  cloud.openapi.mediaCheckDelayMs = 20;
  cloud.openapi.setMessagePushTarget('wxa_media_check', 'whoami');
  const { traceId } = await sdk.openapi.security.mediaCheckAsync({
    mediaUrl: 'http://127.0.0.1/storage/download/chat/risky-demo.png?sign=x&t=1',
    mediaType: 2,
    version: 2,
    openid: 'o-author',
    scene: 3,
  });
  expect(traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  const event = await nextMediaEvent(traceId);
  expect(event).toMatchObject({
    MsgType: 'event',
    Event: 'wxa_media_check',
    FromUserName: 'o-author',
    appid: 'wxlocalcloud000001',
    trace_id: traceId,
    version: 2,
    errcode: 0,
    errmsg: 'ok',
    result: { suggest: 'risky', label: 20002 },
    detail: [{ strategy: 'content_model', errcode: 0, suggest: 'risky', label: 20002, prob: 90 }],
  });
  // The message-push function ran with the event, on behalf of the checked user.
  const run = await cloud.functions.waitForInvocation((r) => r.function === 'whoami' && (r.event as { trace_id?: string }).trace_id === traceId, 20000);
  expect(run).toMatchObject({ status: 'ok', openid: 'o-author' });
  cloud.openapi.setMessagePushTarget('wxa_media_check', undefined);
});

test('mediaCheckAsync: tests can decide the verdict; bad input is refused', async () => {
  cloud.openapi.mediaCheckDelayMs = 0;
  cloud.openapi.setMediaRule((req) => (req.mediaType === 1 ? { suggest: 'review', label: 20003 } : { suggest: 'pass', label: 100 }));
  const { traceId } = await sdk.openapi.security.mediaCheckAsync({ mediaUrl: 'https://example.com/a.mp3', mediaType: 1, version: 2, openid: 'o-author', scene: 2 });
  expect((await nextMediaEvent(traceId)).result).toEqual({ suggest: 'review', label: 20003 });

  await expect(sdk.openapi.security.mediaCheckAsync({ mediaUrl: 'cloud://local-env.x/a.png', mediaType: 2, version: 2, openid: 'o-author', scene: 2 })).rejects.toMatchObject({ errCode: 47001 });
  await expect(sdk.openapi.security.mediaCheckAsync({ mediaUrl: 'https://e.com/a.png', mediaType: 3, version: 2, openid: 'o-author', scene: 2 })).rejects.toMatchObject({ errCode: 47001 });
  await expect(sdk.openapi.security.mediaCheckAsync({ mediaUrl: 'https://e.com/a.png', mediaType: 2, version: 2, scene: 2 })).rejects.toMatchObject({ errCode: 40003 });
});
