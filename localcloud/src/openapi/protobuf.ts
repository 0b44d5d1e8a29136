// The protobuf messages of wx.openApi, rebuilt from wx-server-sdk 4.0.2 index.js
// (src/protobuf/openapi.js: field numbers and types read from its encode/decode functions).
//  - Request: POST /admin multipart, `action=wx.openApi`, `apiName`, and a `requestData` part
//    holding a CommApiData: OPEN_API carries the JSON-stringified params as KeyValuePairs
//    (src/api/openapi/namespace/generic.ts); SVRKIT_API carries `svrkitData.reqData`
//    (getVoIPSign: ApiVoipSignReq, src/api/open/api/getVoIPSign.ts).
//  - Answer: a raw CommOpenApiResp body. callWXOpenAPI.ts throws when `errorCode` is non-zero;
//    generic.ts JSON-parses `respData` when `contentType` is application/json and throws on a
//    non-zero `errcode` in it; getVoIPSign.ts requires `svrkitErrorCode === 0` and decodes
//    `respData` as ApiVoipSignResp.
import protobuf from 'protobufjs';
import { CloudError, ErrorCodes } from '../errors';

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: { fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 }, contenttype: { type: 'string', id: 3 }, filename: { type: 'string', id: 4 } } },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    SvrkitApiData: { fields: { apiName: { type: 'string', id: 1 }, reqData: { type: 'bytes', id: 2 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'ApiType', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        svrkitData: { type: 'SvrkitApiData', id: 4 },
        appid: { type: 'string', id: 6 },
      },
      nested: { ApiType: { values: { OPEN_API: 0, INNER_API: 1, SVRKIT_API: 2, TOKEN_API: 3 } } },
    },
    HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
    ApiVoipSignReq: { fields: { groupId: { type: 'string', id: 2 }, timestamp: { type: 'uint32', id: 3 }, nonce: { type: 'string', id: 4 } } },
    ApiVoipSignResp: { fields: { signature: { type: 'string', id: 1 } } },
  },
});

const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');
const ApiVoipSignReq = root.lookupType('ApiVoipSignReq');
const ApiVoipSignResp = root.lookupType('ApiVoipSignResp');

export type OpenApiRequest = { kind: 'openapi'; appid: string; params: Record<string, unknown> } | { kind: 'svrkit'; appid: string; apiName: string; reqData: Buffer };

interface DecodedCommApiData {
  apiType?: number;
  appid?: string;
  openapiData?: { pairs?: Array<{ key: string; value: Uint8Array; contenttype?: string }> };
  svrkitData?: { apiName?: string; reqData?: Uint8Array };
}

export function decodeRequest(buffer: Buffer | undefined): OpenApiRequest {
  if (!buffer) throw new CloudError(ErrorCodes.INVALID_PARAM, 'wx.openApi without requestData');
  let msg: DecodedCommApiData;
  try {
    msg = CommApiData.toObject(CommApiData.decode(buffer), { enums: Number, defaults: false }) as DecodedCommApiData;
  } catch (err) {
    throw new CloudError(ErrorCodes.INVALID_PARAM, `requestData is not a CommApiData message: ${(err as Error).message}`);
  }
  const appid = msg.appid ?? '';
  if (msg.apiType === 2) {
    return { kind: 'svrkit', appid, apiName: msg.svrkitData?.apiName ?? '', reqData: Buffer.from(msg.svrkitData?.reqData ?? []) };
  }
  const params: Record<string, unknown> = {};
  for (const pair of msg.openapiData?.pairs ?? []) {
    const text = Buffer.from(pair.value).toString('utf8');
    // Media parameters (mediaConverter) carry raw bytes with a content type; everything else is JSON.
    if (pair.contenttype) {
      params[pair.key] = { contentType: pair.contenttype, value: Buffer.from(pair.value) };
      continue;
    }
    try {
      params[pair.key] = JSON.parse(text);
    } catch {
      throw new CloudError(ErrorCodes.INVALID_PARAM, `openapi parameter ${pair.key} is not JSON`);
    }
  }
  return { kind: 'openapi', appid, params };
}

/** A WeChat JSON answer (`{errcode, errmsg, ...}`) wrapped as the SDK expects it. */
export function encodeJsonAnswer(body: Record<string, unknown>): Buffer {
  const respData = Buffer.from(JSON.stringify(body));
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.fromObject({ respData, contentType: 'application/json; charset=utf-8', httpCode: 200 })).finish());
}

export function decodeVoipSignRequest(reqData: Buffer): { groupId: string; timestamp: number; nonce: string } {
  const msg = ApiVoipSignReq.toObject(ApiVoipSignReq.decode(reqData), { defaults: true }) as { groupId: string; timestamp: number; nonce: string };
  return msg;
}

export function encodeVoipSignAnswer(signature: string): Buffer {
  const respData = Buffer.from(ApiVoipSignResp.encode(ApiVoipSignResp.fromObject({ signature })).finish());
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.fromObject({ respData, contentType: 'application/octet-stream', httpCode: 200, svrkitErrorCode: 0 })).finish());
}
