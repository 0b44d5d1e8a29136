// The one client of the `notifications` function, of the in-app notices (collection
// `notifications`) and of wx.requestSubscribeMessage.
//
// Subscribe messages: WeChat only shows its consent sheet when requestSubscribeMessage runs from a
// tap, and each accept allows exactly one send. So the template ids are loaded ahead (app_config
// doc `notify`, readable by everyone signed in) and requestConsent() calls WeChat first, before any
// await, then records the answer in the server's ledger, which answers with the credits left.
import type { RequestOf } from '../../domain/function';
import type { notifications, Notice as StoredNotice } from '../../domain/contracts/safety';
import { toServiceError, type CloudService } from './cloud';

type NotificationsRequest = RequestOf<typeof notifications>;
export type ConsentResult = 'accept' | 'reject' | 'ban' | 'filter';
/** The two things the app may send: a digest of new messages, a report's outcome. */
export type TemplateKind = 'messages' | 'reportResolved';

/**
 * Used until (or when) app_config/notify names none: the server's own defaults
 * (domain/server/safety/config.ts DEFAULT_NOTIFY, which the mini program may not import).
 */
export const DEFAULT_TEMPLATE_IDS: Readonly<Record<TemplateKind, string>> = {
  messages: 'tmpl_new_messages',
  reportResolved: 'tmpl_report_result',
};

export interface QuietHours {
  start: string;
  end: string;
  utcOffsetMinutes: number;
}

export interface NotificationSettings {
  enabled: boolean;
  quietHours: QuietHours | null;
  /** Template id -> sends left (one per accepted consent). */
  credits: Record<string, number>;
}

/** A stored notice as the notification centre reads it. */
export interface Notice extends StoredNotice {
  _id: string;
  /** Server date: a Date, or its JSON/EJSON forms on the wire. */
  createdAt: unknown;
}

export interface ConsentOutcome {
  /** At least one template was accepted. */
  accepted: boolean;
  results: Record<string, ConsentResult>;
  /** The ledger after recording; null when nothing could be recorded. */
  credits: Record<string, number> | null;
}

/** wx.requestSubscribeMessage's answer: errMsg plus template id -> result. */
export type SubscribePort = (tmplIds: string[]) => Promise<Record<string, string>>;

const wxSubscribe: SubscribePort = (tmplIds) => wx.requestSubscribeMessage({ tmplIds } as WechatMiniprogram.RequestSubscribeMessageOption) as unknown as Promise<Record<string, string>>;

const RESULTS: ReadonlySet<string> = new Set(['accept', 'reject', 'ban', 'filter']);
const NOTICES_PAGE = 50;

export class NotificationsService {
  private templateIds: Record<TemplateKind, string> = { ...DEFAULT_TEMPLATE_IDS };
  private templatesLoaded: Promise<void> | null = null;

  constructor(
    private readonly cloud: CloudService,
    private readonly subscribe: SubscribePort = wxSubscribe,
  ) {}

  /** Reads the configured template ids once; call on page load so a later tap has them at hand. */
  loadTemplates(): Promise<void> {
    this.templatesLoaded ??= this.cloud
      .query<{ templates?: Partial<Record<TemplateKind, { templateId?: string }>> }>('app_config', { _id: 'notify' }, { limit: 1 })
      .then(([doc]) => {
        for (const kind of Object.keys(DEFAULT_TEMPLATE_IDS) as TemplateKind[]) {
          const id = doc?.templates?.[kind]?.templateId;
          if (id) this.templateIds[kind] = id;
        }
      })
      .catch(() => {
        // the defaults stand; the next page load tries again
        this.templatesLoaded = null;
      });
    return this.templatesLoaded;
  }

  templateId(kind: TemplateKind): string {
    return this.templateIds[kind];
  }

  /**
   * Asks WeChat for consent to `kinds` (call straight from a tap handler) and records the answer.
   * A sheet the person closed, or subscriptions switched off in WeChat, resolves with accepted false.
   */
  async requestConsent(kinds: TemplateKind[]): Promise<ConsentOutcome> {
    const tmplIds = [...new Set(kinds.map((k) => this.templateIds[k]))];
    let answer: Record<string, string>;
    try {
      answer = await this.subscribe(tmplIds);
    } catch {
      return { accepted: false, results: {}, credits: null };
    }
    const results: Record<string, ConsentResult> = {};
    for (const id of tmplIds) if (RESULTS.has(answer[id])) results[id] = answer[id] as ConsentResult;
    if (!Object.keys(results).length) return { accepted: false, results, credits: null };
    const { credits } = await this.cloud.call<{ credits: Record<string, number> }>('notifications', { action: 'recordConsent', results } satisfies NotificationsRequest);
    return { accepted: Object.values(results).includes('accept'), results, credits };
  }

  getSettings(): Promise<NotificationSettings> {
    return this.cloud.call('notifications', { action: 'getSettings' } satisfies NotificationsRequest);
  }

  setSettings(changes: { enabled?: boolean; quietHours?: QuietHours | null }): Promise<NotificationSettings> {
    return this.cloud.call('notifications', { action: 'setSettings', ...changes } as NotificationsRequest);
  }

  /** The signed-in user's notices, newest first (the rule admits only their own). */
  async notices(): Promise<Notice[]> {
    try {
      return await this.cloud.query<Notice>('notifications', { userId: '{openid}' }, { orderBy: ['createdAt', 'desc'], limit: NOTICES_PAGE });
    } catch (err) {
      throw toServiceError(err);
    }
  }
}
