// App settings admins edit in the console (database/app_config.json), with the defaults used for
// anything absent. Read through a short cache: an edit takes effect within CONFIG_TTL_MS on every
// warm function instance, without a redeploy.
import type { Database } from '../database';
import { findById } from '../database';
import { TtlCache } from './cache';
import { format, type Lang, type MessageKey } from '../../i18n/index';

export interface TemplateConfig {
  templateId: string;
  page?: string;
  /** keyword -> text with {placeholders}, e.g. {thing1: '{title}', thing2: '{summary}'}. */
  data: Record<string, string>;
}

export interface ModerationConfig {
  rateLimit: { messages: number; windowSeconds: number };
  maxRepeats: number;
  repeatWindowSeconds: number;
  maxLinks: number;
  linkWindowSeconds: number;
  /** msgSecCheck scene: 1 profile, 2 comment, 3 forum, 4 social post. */
  secCheckScene: 1 | 2 | 3 | 4;
}

export interface NotifyConfig {
  /** A member counts as "not in the app" when users.lastActiveAt is older than this. */
  offlineAfterMinutes: number;
  /** At most this many subscribe messages per user per hour, whatever their consents. */
  maxPerUserPerHour: number;
  templates: { messages?: TemplateConfig; reportResolved?: TemplateConfig };
  wording: Record<string, string>;
}

export const DEFAULT_MODERATION: ModerationConfig = {
  rateLimit: { messages: 8, windowSeconds: 10 },
  maxRepeats: 3,
  repeatWindowSeconds: 60,
  maxLinks: 5,
  linkWindowSeconds: 60,
  secCheckScene: 2,
};

export const DEFAULT_NOTIFY: NotifyConfig = {
  offlineAfterMinutes: 10,
  maxPerUserPerHour: 4,
  templates: {
    messages: {
      templateId: 'tmpl_new_messages',
      page: 'pages/conversations/conversations',
      data: { thing1: '{title}', thing2: '{summary}', time3: '{time}' },
    },
    reportResolved: {
      templateId: 'tmpl_report_result',
      page: 'pages/me/me',
      data: { thing1: '{title}', thing2: '{summary}' },
    },
  },
  // The words come from the catalogue in the recipient's language (wordingFor); a console edit of
  // app_config.notify.wording replaces a line in every language.
  wording: {},
};

/** The catalogue line behind each wording name ({count}, {sender}, {chats} as before). */
const WORDING_KEYS: Record<string, MessageKey> = {
  groupSummary: 'push_groupSummary',
  oneMessage: 'push_oneMessage',
  mention: 'push_mention',
  direct: 'push_direct',
  manyChats: 'push_manyChats',
  reportTitle: 'push_reportTitle',
  reportDismissed: 'push_reportDismissed',
  reportActioned: 'push_reportActioned',
};

/** The push and notice lines in one language: the catalogue's, under any console override. */
export function wordingFor(config: NotifyConfig, lang: Lang): Record<string, string> {
  const words: Record<string, string> = {};
  for (const [name, key] of Object.entries(WORDING_KEYS)) words[name] = format(lang, key);
  return { ...words, ...config.wording };
}

export const CONFIG_TTL_MS = 15_000;

const cache = new TtlCache<Record<string, unknown> | null>(CONFIG_TTL_MS);

async function readConfig(db: Database, id: 'moderation' | 'notify'): Promise<Record<string, unknown>> {
  return (await cache.get(id, () => findById<Record<string, unknown>>(db, 'app_config', id))) ?? {};
}

export async function moderationConfig(db: Database): Promise<ModerationConfig> {
  const stored = await readConfig(db, 'moderation');
  return { ...DEFAULT_MODERATION, ...stored, rateLimit: { ...DEFAULT_MODERATION.rateLimit, ...(stored.rateLimit as object | undefined) } } as ModerationConfig;
}

export async function notifyConfig(db: Database): Promise<NotifyConfig> {
  const stored = await readConfig(db, 'notify');
  return {
    ...DEFAULT_NOTIFY,
    ...stored,
    templates: { ...DEFAULT_NOTIFY.templates, ...(stored.templates as object | undefined) },
    wording: { ...DEFAULT_NOTIFY.wording, ...(stored.wording as object | undefined) },
  } as NotifyConfig;
}

/** Fills {placeholders} from `values`; unknown ones are left as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
