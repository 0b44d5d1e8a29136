// cloud.getVoIPSign({groupId, nonce, timestamp}) -> {signature}. wx-server-sdk 4.0.2 sends it as a
// SVRKIT_API call named 'ApiVoipSign' (ApiVoipSignReq in, ApiVoipSignResp out; see protobuf.ts).
// WeChat's algorithm is not public, so the local signature is an HMAC-SHA256 over the inputs with
// a key derived from the env: deterministic, so the client shim's wx.joinVoIPChat can verify it
// with voipSignature().
import { createHmac } from 'crypto';

export function voipSignature(envId: string, appid: string, groupId: string, nonce: string, timestamp: number): string {
  return createHmac('sha256', `local-voip-key:${envId}`).update(`${appid}\n${groupId}\n${nonce}\n${timestamp}`).digest('hex');
}
