// mediaCheckAsync v2: answers `{errcode:0, errmsg:'ok', trace_id}` at once; the verdict follows
// later as a `wxa_media_check` message-push event (WeChat docs: within 30 minutes; locally after
// `delayMs`). Event shape from WeChat's mediaCheckAsync documentation:
// `{ToUserName, FromUserName, CreateTime, MsgType:'event', Event:'wxa_media_check', appid,
//   trace_id, version:2, detail:[{strategy, errcode, suggest, label, prob}], errcode:0,
//   errmsg:'ok', result:{suggest, label}}`.
import { checkSecurityV2Params, ok, traceId, wxError, WxAnswer } from './wx';
import type { Suggest } from './secCheck';

export interface MediaCheckRequest {
  traceId: string;
  mediaUrl: string;
  /** 1 audio, 2 image. */
  mediaType: 1 | 2;
  openid: string;
  scene: number;
  appid: string;
}

export interface MediaVerdict {
  suggest: Suggest;
  label: number;
}

export interface MediaCheckEvent {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: 'event';
  Event: 'wxa_media_check';
  appid: string;
  trace_id: string;
  version: 2;
  detail: Array<{ strategy: string; errcode: number; suggest: Suggest; label: number; prob: number }>;
  errcode: 0;
  errmsg: 'ok';
  result: MediaVerdict;
}

/**
 * Default local rule: a URL containing `risky-demo` is risky (label 20002 for images, 21000 for
 * audio), one containing `review-demo` needs review, anything else passes (label 100).
 */
export function defaultMediaRule(req: MediaCheckRequest): MediaVerdict {
  const url = decodeURIComponent(req.mediaUrl).toLowerCase();
  if (url.includes('risky-demo')) return { suggest: 'risky', label: req.mediaType === 2 ? 20002 : 21000 };
  if (url.includes('review-demo')) return { suggest: 'review', label: 21000 };
  return { suggest: 'pass', label: 100 };
}

/** Checks and accepts a request; returns the immediate answer and, when accepted, the request. */
export function acceptMediaCheck(p: Record<string, unknown>, appid: string): { answer: WxAnswer; request?: MediaCheckRequest } {
  const invalid = checkSecurityV2Params(p);
  if (invalid) return { answer: invalid };
  if (p.media_type !== 1 && p.media_type !== 2) return { answer: wxError(47001, 'data format error hint: media_type must be 1 (audio) or 2 (image)') };
  // WeChat fetches the media itself, so it needs a public http(s) URL; cloud:// ids are refused.
  if (typeof p.media_url !== 'string' || !/^https?:\/\//.test(p.media_url)) {
    return { answer: wxError(47001, 'data format error hint: media_url must be an http(s) URL (convert cloud:// with getTempFileURL)') };
  }
  const request: MediaCheckRequest = {
    traceId: traceId(),
    mediaUrl: p.media_url,
    mediaType: p.media_type,
    openid: p.openid as string,
    scene: p.scene as number,
    appid,
  };
  return { answer: ok({ trace_id: request.traceId }), request };
}

export function mediaCheckEvent(req: MediaCheckRequest, verdict: MediaVerdict, originalId: string): MediaCheckEvent {
  return {
    ToUserName: originalId,
    FromUserName: req.openid,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: req.appid,
    trace_id: req.traceId,
    version: 2,
    detail: [{ strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: verdict.suggest === 'pass' ? 0 : 90 }],
    errcode: 0,
    errmsg: 'ok',
    result: verdict,
  };
}
