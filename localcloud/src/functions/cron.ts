// CloudBase timer-trigger cron: seven required fields, `sec min hour day month week year`
// (docs.cloudbase.net cli-v1/functions/trigger-create; Tencent SCF "定时触发器" product/583/9708):
//   sec 0-59, min 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, week 0-6 or SUN-SAT (0 = Sunday),
//   year 1970-2099; each field takes `,` `-` `*` `/`. SCF also documents `?` for day/week (same as
//   `*` here) and `L`, `W`, `#`, which this emulator rejects rather than silently misreading.
// Times are evaluated on Beijing wall-clock time (UTC+8, no daylight saving): CloudBase timers fire
// on China time, whatever the machine's time zone.
import { CloudError, ErrorCodes } from '../errors';

export const CRON_UTC_OFFSET_MS = 8 * 3600_000;

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
];

export interface CronSchedule {
  readonly source: string;
  /** One set of allowed values per field, in FIELDS order. */
  readonly sets: ReadonlyArray<ReadonlySet<number>>;
  /** Whether day / week were restricted (not `*` or `?`): both restricted means either may match. */
  readonly dayRestricted: boolean;
  readonly weekRestricted: boolean;
}

function invalid(expr: string, why: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_PARAM, `invalid timer cron "${expr}": ${why}`);
}

function parseValue(token: string, spec: FieldSpec, expr: string): number {
  const upper = token.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return spec.min === 1 ? named + 1 : named;
  if (!/^\d+$/.test(token)) throw invalid(expr, `"${token}" is not a valid ${spec.name}`);
  const value = Number(token);
  if (value < spec.min || value > spec.max) throw invalid(expr, `${spec.name} ${value} is outside ${spec.min}-${spec.max}`);
  return value;
}

function parseField(text: string, spec: FieldSpec, expr: string): { set: Set<number>; restricted: boolean } {
  const set = new Set<number>();
  const unrestricted = text === '*' || text === '?';
  for (const part of text.split(',')) {
    if (/[LW#]/i.test(part) && !spec.names?.some((n) => part.toUpperCase().includes(n))) {
      throw invalid(expr, `"${part}" (L, W, #) is not supported by the local cloud`);
    }
    const [rangeText, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw invalid(expr, `bad step "${stepText}" in ${spec.name}`);
    let from: number;
    let to: number;
    if (rangeText === '*' || rangeText === '?') {
      from = spec.min;
      to = spec.max;
    } else if (rangeText.includes('-')) {
      const [a, b] = rangeText.split('-');
      from = parseValue(a, spec, expr);
      to = parseValue(b, spec, expr);
      if (from > to) throw invalid(expr, `range ${rangeText} in ${spec.name} runs backwards`);
    } else {
      from = parseValue(rangeText, spec, expr);
      // `a/n` means "from a, every n" (SCF: 1/10 in minutes = every 10 minutes from minute 1).
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) set.add(v);
  }
  return { set, restricted: !unrestricted };
}

export function parseCron(expr: string): CronSchedule {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 7) throw invalid(expr, `expected 7 fields (sec min hour day month week year), got ${parts.length}`);
  const parsed = parts.map((p, i) => parseField(p, FIELDS[i], expr));
  return {
    source: expr,
    sets: parsed.map((p) => p.set),
    dayRestricted: parsed[3].restricted,
    weekRestricted: parsed[5].restricted,
  };
}

function dayMatches(s: CronSchedule, day: number, weekday: number): boolean {
  const dayOk = s.sets[3].has(day);
  const weekOk = s.sets[5].has(weekday);
  // Classic cron: when both day-of-month and day-of-week are restricted, either one may match.
  if (s.dayRestricted && s.weekRestricted) return dayOk || weekOk;
  return dayOk && weekOk;
}

/** The first fire time strictly after `after` (ms since epoch), or null when none until 2099. */
export function nextFireTime(s: CronSchedule, after: number): number | null {
  // Work on a Date whose UTC getters read Beijing wall-clock time.
  const t = new Date(Math.floor((after + CRON_UTC_OFFSET_MS) / 1000) * 1000 + 1000);
  const [secs, mins, hours, , months, , years] = s.sets;
  for (let guard = 0; guard < 200_000; guard++) {
    const year = t.getUTCFullYear();
    if (year > 2099) return null;
    if (!years.has(year)) {
      t.setUTCFullYear(year + 1, 0, 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!dayMatches(s, t.getUTCDate(), t.getUTCDay())) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0);
      continue;
    }
    if (!mins.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0);
      continue;
    }
    if (!secs.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1);
      continue;
    }
    return t.getTime() - CRON_UTC_OFFSET_MS;
  }
  return null;
}
