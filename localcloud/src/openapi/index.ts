// Local WeChat open APIs, answered through the unmodified wx-server-sdk (action `wx.openApi`,
// protobuf in and out: see protobuf.ts):
//   openapi.security.msgSecCheck      v2, local word dictionary (secCheck.ts)
//   openapi.security.mediaCheckAsync  v2, trace_id now, `wxa_media_check` event later (mediaCheck.ts)
//   openapi.subscribeMessage.send     consent ledger + outbox (subscribe.ts)
//   getVoIPSign                       deterministic local signature (voip.ts)
// Other open APIs answer errcode 48001 naming the API, so a missing emulation is obvious.
//
// Endpoints besides the SDK's:
//   POST /client  action `openapi.recordSubscribeConsent` {tmplIds:[id], results:{[id]: 'accept'|'reject'|'ban'|'filter'}}
//                 (what wx.requestSubscribeMessage resolved, for the caller's openid)
//                 -> data {remaining: {[templateId]: unused consents}}
//   GET  /openapi/outbox     -> {messages: OutboxMessage[]}  (oldest first)
//   GET  /openapi/sec-words  -> {words: SecWord[]};  PUT /openapi/sec-words {words} replaces them
import type { CallerIdentity } from '../config';
import { DEFAULT_APPID } from '../config';
import { CloudError, ErrorCodes } from '../errors';
import type { DatabaseService } from '../db';
import { readBody, sendJson } from '../server/http';
import { RawResponse } from '../server/router';
import type { Service, ServiceContext } from '../server/service';
import { loadOpenApiConfig } from './config';
import { acceptMediaCheck, defaultMediaRule, mediaCheckEvent, MediaCheckEvent, MediaCheckRequest, MediaVerdict } from './mediaCheck';
import { decodeRequest, decodeVoipSignRequest, encodeJsonAnswer, encodeVoipSignAnswer } from './protobuf';
import { msgSecCheck, SecDictionary, SecWord, validateSecWords } from './secCheck';
import { ConsentResult, OutboxMessage, SubscribeMessages } from './subscribe';
import { voipSignature } from './voip';
import { wxError, WxAnswer } from './wx';

export type { SecWord } from './secCheck';
export type { OutboxMessage, ConsentResult } from './subscribe';
export type { MediaCheckEvent, MediaCheckRequest, MediaVerdict } from './mediaCheck';

/** What the open-API service needs from the functions service to push events. */
export interface EventInvoker {
  invoke(name: string, data?: unknown, identity?: CallerIdentity): Promise<unknown>;
}

export interface OpenApiService extends Service {
  secWords(): SecWord[];
  setSecWords(words: SecWord[]): void;
  putSecWord(word: SecWord): void;
  removeSecWord(word: string): boolean;
  /** Decides media verdicts from now on (tests); the default looks for `risky-demo` / `review-demo` in the URL. */
  setMediaRule(rule: (request: MediaCheckRequest) => MediaVerdict): void;
  /** Delay before a mediaCheckAsync verdict is pushed. */
  mediaCheckDelayMs: number;
  /** Called with every wxa_media_check event; returns an unsubscribe function. */
  onMediaCheckResult(listener: (event: MediaCheckEvent) => void): () => void;
  /** The function receiving events of `event` (e.g. 'wxa_media_check'), or undefined for none. */
  setMessagePushTarget(event: string, functionName: string | undefined): void;
  /** Wires message push to cloud functions (cloud.ts passes the functions service). */
  deliverEventsTo(invoker: EventInvoker): void;
  recordConsent(openid: string, templateId: string, result: ConsentResult): void;
  remainingConsents(openid: string): Record<string, number>;
  outbox(): OutboxMessage[];
  /** The signature getVoIPSign answers for these inputs (for the client's joinVoIPChat check). */
  voipSignature(groupId: string, nonce: string, timestamp: number, appid?: string): string;
}

export async function createOpenApiService(ctx: ServiceContext, _db: DatabaseService): Promise<OpenApiService> {
  const config = loadOpenApiConfig(ctx.projectRoot);
  const dictionary = new SecDictionary(ctx.dataDir);
  const subscribe = new SubscribeMessages(ctx.dataDir, ctx.projectRoot);
  const listeners = new Set<(event: MediaCheckEvent) => void>();
  const timers = new Set<NodeJS.Timeout>();
  let mediaRule = defaultMediaRule;
  let invoker: EventInvoker | undefined;

  function pushMediaVerdict(request: MediaCheckRequest): void {
    const event = mediaCheckEvent(request, mediaRule(request), config.originalId);
    for (const listener of listeners) listener(event);
    const target = config.messagePush.wxa_media_check;
    if (target && invoker) {
      // Message push runs the function on the user's behalf; OPENID is the checked user's.
      invoker.invoke(target, event, { openid: request.openid, appid: request.appid, source: 'wx_message_push' }).catch((err) => {
        console.error(`[local cloud] wxa_media_check push to ${target} failed`, err);
      });
    }
  }

  function answerOpenApi(apiName: string, params: Record<string, unknown>, appid: string): WxAnswer {
    switch (apiName) {
      case 'security.msgSecCheck':
        return msgSecCheck(dictionary, params);
      case 'security.mediaCheckAsync': {
        const { answer, request } = acceptMediaCheck(params, appid);
        if (request) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            pushMediaVerdict(request);
          }, service.mediaCheckDelayMs);
          timers.add(timer);
        }
        return answer;
      }
      case 'subscribeMessage.send':
        return subscribe.send(params);
      default:
        return wxError(48001, `api unauthorized: openapi.${apiName} is not emulated by the local cloud`);
    }
  }

  ctx.router.action('wx.openApi', async (params, actionCtx) => {
    if (actionCtx.caller.kind !== 'admin') throw new CloudError(ErrorCodes.INVALID_ACTION, 'wx.openApi is only available to cloud functions');
    const apiName = typeof params.apiName === 'string' ? params.apiName : '';
    const raw = actionCtx.files?.requestData ?? (typeof params.requestData === 'string' ? Buffer.from(params.requestData, 'binary') : undefined);
    const request = decodeRequest(raw);
    const appid = request.appid || DEFAULT_APPID;
    if (request.kind === 'svrkit') {
      if (request.apiName !== 'ApiVoipSign') throw new CloudError(ErrorCodes.INVALID_PARAM, `svrkit api ${request.apiName} is not emulated`);
      const { groupId, nonce, timestamp } = decodeVoipSignRequest(request.reqData);
      return new RawResponse(encodeVoipSignAnswer(voipSignature(ctx.envId, appid, groupId, nonce, timestamp)), 'application/octet-stream');
    }
    return new RawResponse(encodeJsonAnswer(answerOpenApi(apiName, request.params, appid)), 'application/octet-stream');
  });

  ctx.router.action('openapi.recordSubscribeConsent', async (params, { caller }) => {
    if (caller.kind !== 'client') throw new CloudError(ErrorCodes.INVALID_ACTION, 'openapi.recordSubscribeConsent is a mini program call');
    return { remaining: subscribe.recordRequest(caller.identity.openid, params.tmplIds, params.results) };
  });

  ctx.router.route('GET', '/openapi/outbox', (_req, res) => sendJson(res, 200, { messages: subscribe.outbox() }));
  ctx.router.route('GET', '/openapi/sec-words', (_req, res) => sendJson(res, 200, { words: dictionary.words() }));
  ctx.router.route('PUT', '/openapi/sec-words', async (req, res) => {
    let body: { words?: unknown };
    try {
      body = JSON.parse((await readBody(req)).toString('utf8')) as { words?: unknown };
    } catch {
      throw new CloudError(ErrorCodes.INVALID_PARAM, 'body must be JSON {words}');
    }
    validateSecWords(body.words);
    dictionary.setWords(body.words);
    sendJson(res, 200, { words: dictionary.words() });
  });

  const service: OpenApiService = {
    name: 'openapi',
    mediaCheckDelayMs: config.mediaCheckDelayMs,
    secWords: () => dictionary.words(),
    setSecWords: (words) => dictionary.setWords(words),
    putSecWord: (word) => dictionary.put(word),
    removeSecWord: (word) => dictionary.remove(word),
    setMediaRule: (rule) => {
      mediaRule = rule;
    },
    onMediaCheckResult: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setMessagePushTarget: (event, functionName) => {
      if (functionName) config.messagePush[event] = functionName;
      else delete config.messagePush[event];
    },
    deliverEventsTo: (target) => {
      invoker = target;
    },
    recordConsent: (openid, templateId, result) => subscribe.recordConsent(openid, templateId, result),
    remainingConsents: (openid) => subscribe.remaining(openid),
    outbox: () => subscribe.outbox(),
    voipSignature: (groupId, nonce, timestamp, appid = DEFAULT_APPID) => voipSignature(ctx.envId, appid, groupId, nonce, timestamp),
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      listeners.clear();
    },
  };
  return service;
}
