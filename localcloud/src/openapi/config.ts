// Open-API settings: which cloud function receives message-push events (WeChat configures this
// in the console's 消息推送 page; here database/openapi/config.json), and the local delays.
import fs from 'fs';
import path from 'path';
import { CloudError, ErrorCodes } from '../errors';

export interface OpenApiConfig {
  /** Event name (e.g. wxa_media_check) -> cloud function name. */
  messagePush: Record<string, string>;
  /** How long after mediaCheckAsync the verdict event is delivered. */
  mediaCheckDelayMs: number;
  /** The mini program's original id (gh_...), used as ToUserName in pushed events. */
  originalId: string;
}

export const OPENAPI_CONFIG_FILE = path.join('database', 'openapi', 'config.json');

export const DEFAULT_OPENAPI_CONFIG: OpenApiConfig = { messagePush: {}, mediaCheckDelayMs: 500, originalId: 'gh_localcloud000' };

export function loadOpenApiConfig(projectRoot: string): OpenApiConfig {
  const file = path.join(projectRoot, OPENAPI_CONFIG_FILE);
  if (!fs.existsSync(file)) return { ...DEFAULT_OPENAPI_CONFIG, messagePush: {} };
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<OpenApiConfig>;
  const config = { ...DEFAULT_OPENAPI_CONFIG, ...raw, messagePush: { ...(raw.messagePush ?? {}) } };
  if (typeof config.mediaCheckDelayMs !== 'number' || config.mediaCheckDelayMs < 0) {
    throw new CloudError(ErrorCodes.INVALID_PARAM, `${OPENAPI_CONFIG_FILE}: mediaCheckDelayMs must be a non-negative number`);
  }
  for (const [event, fn] of Object.entries(config.messagePush)) {
    if (typeof fn !== 'string' || !fn) throw new CloudError(ErrorCodes.INVALID_PARAM, `${OPENAPI_CONFIG_FILE}: messagePush.${event} must name a function`);
  }
  return config;
}
