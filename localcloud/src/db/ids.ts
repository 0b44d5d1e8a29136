// Document ids like CloudBase's: 32 lowercase hex characters (e.g. "9a2b1c3d65f0e1a2000b1c2d3e4f5a6b").
// The first 8 are the creation time in seconds, so ids created later usually sort later, as
// CloudBase's do; the rest is random, so two local clouds never hand out the same id.
import { randomBytes } from 'crypto';

export function newDocumentId(now = Date.now()): string {
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return seconds + randomBytes(12).toString('hex');
}
