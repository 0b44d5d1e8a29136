// Extended JSON as the CloudBase wire carries it, in both directions.
//
// Verified in @cloudbase/database 1.4.3 (dist/commonjs/utils/utils.js `stringifyByEJSON`,
// serializer/*.js) that the SDK sends queries, updates, documents, orders and projections as
// *canonical* EJSON strings (bson 4.x `EJSON.stringify(v, {relaxed: false})`): numbers as
// {$numberInt|$numberLong|$numberDouble}, dates as {$date: {$numberLong}}, regexes as
// {$regularExpression: {pattern, options}}, ObjectId as {$oid}, plus CloudBase's own
// `db.serverDate({offset})` as {$tcb_server_date: {offset}} (serverDate/index.js).
// Non-object aggregate stage values arrive as plain JSON (aggregate.js `_pipe`).
//
// Responses are parsed by the SDK with bson `EJSON.parse(item)` (query.js, document.js,
// aggregate.js), i.e. relaxed mode: plain JSON numbers stay numbers, {$date: {$numberLong}} becomes
// a Date, so we send numbers as plain JSON (real CloudBase sends {$numberDouble}; both decode to
// the same JS number) and dates in canonical form so that a Date read back is a Date.
import { CloudError, ErrorCodes } from '../errors';

/** Called for `$tcb_server_date`: the server's clock, so tests can pin it if they need to. */
export type Clock = () => number;

const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u', 'g', 'y']);

/** Mongo regex options (imsx…) to JS flags; `x` and `l` have no JS equivalent and are dropped. */
function toJsFlags(options: string): string {
  return [...new Set(options.split(''))].filter((f) => JS_REGEX_FLAGS.has(f)).join('');
}

function bad(message: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_PARAM, message);
}

function decodeWrapper(value: Record<string, unknown>, now: Clock): unknown {
  const keys = Object.keys(value);
  if (keys.length === 0 || keys[0][0] !== '$') return value;
  const key = keys[0];
  const inner = value[key];
  switch (key) {
    case '$numberInt':
    case '$numberLong':
    case '$numberDouble':
    case '$numberDecimal': {
      // $numberDecimal becomes a JS number (lossy beyond 15-17 digits); CloudBase apps do not use Decimal128.
      if (keys.length !== 1 || typeof inner !== 'string') return value;
      const n = Number(inner);
      if (Number.isNaN(n) && inner !== 'NaN') throw bad(`invalid ${key} value ${JSON.stringify(inner)}`);
      return n;
    }
    case '$date': {
      if (keys.length !== 1) return value;
      // After bottom-up revival {$numberLong} is already a number; relaxed EJSON uses ISO strings.
      const d = typeof inner === 'number' || typeof inner === 'string' ? new Date(inner) : null;
      if (!d || Number.isNaN(d.getTime())) throw bad(`invalid $date value ${JSON.stringify(inner)}`);
      return d;
    }
    case '$regularExpression': {
      const re = inner as { pattern?: unknown; options?: unknown } | null;
      if (keys.length !== 1 || !re || typeof re.pattern !== 'string') return value;
      try {
        return new RegExp(re.pattern, toJsFlags(typeof re.options === 'string' ? re.options : ''));
      } catch (err) {
        throw new CloudError(ErrorCodes.INVALID_QUERY, `invalid regular expression: ${(err as Error).message}`);
      }
    }
    case '$tcb_server_date': {
      const offset = (inner as { offset?: unknown } | null)?.offset ?? 0;
      if (keys.length !== 1 || typeof offset !== 'number') return value;
      return new Date(now() + offset);
    }
    // ObjectId values become their hex string: CloudBase documents use string ids.
    case '$oid':
    case '$symbol':
      return keys.length === 1 && typeof inner === 'string' ? inner : value;
    case '$undefined':
      return keys.length === 1 ? null : value;
    default:
      return value;
  }
}

/** Parses one EJSON string into JS values. Bad JSON is INVALID_PARAM (nothing is executed). */
export function decodeEJSON(text: string, now: Clock = Date.now): unknown {
  try {
    return JSON.parse(text, function revive(_key, value: unknown) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return decodeWrapper(value as Record<string, unknown>, now);
      }
      return value;
    });
  } catch (err) {
    if (err instanceof CloudError) throw err;
    throw bad(`invalid EJSON: ${(err as Error).message}`);
  }
}

/** A wire field that may be an EJSON string (usual) or an already-parsed value (older SDKs, /client shim). */
export function decodeField(value: unknown, now: Clock = Date.now): unknown {
  if (typeof value === 'string') return decodeEJSON(value, now);
  if (value === undefined || value === null) return value;
  return decodeEJSON(JSON.stringify(value), now);
}

function encodeSpecial(value: unknown): unknown {
  if (value instanceof Date) return { $date: { $numberLong: String(value.getTime()) } };
  if (value instanceof RegExp) return { $regularExpression: { pattern: value.source, options: value.flags } };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $numberDouble: String(value) };
  if (value === undefined) return undefined;
  return value;
}

/**
 * Encodes a JS value as the EJSON string CloudBase returns. The replacer reads `this[key]` because
 * JSON.stringify has already called Date#toJSON on `value`.
 */
export function encodeEJSON(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, v: unknown) {
    return encodeSpecial(key === '' ? v : this[key]);
  });
}
