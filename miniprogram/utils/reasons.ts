// The one table of words for codes that reach the phone: why a message was blocked or held (the
// deliver outcome's ReasonCode, domain/messages.ts) and why a call failed (domain/errors.ts codes
// plus the client's own NETWORK / PERMISSION_DENIED / DUPLICATE). Nothing else on the phone turns
// a code into words, and nothing reads the server's English. Keyed by code only, so moving the
// words into a per-language catalogue later is a change of this file alone.
import type { ReasonCode } from '../../domain/messages';
import type { AppErrorCode } from '../../domain/errors';

type ErrorCode = AppErrorCode | 'NETWORK' | 'PERMISSION_DENIED' | 'DUPLICATE';

const REASONS: Record<ReasonCode, string> = {
  BANNED: '你已被禁止在本应用发言',
  MUTED: '你已被禁言',
  NOT_MEMBER: '你不是本群成员',
  FORBIDDEN: '本群当前不允许发送此类消息',
  CONVERSATION_GONE: '会话已不存在',
  INVALID_MESSAGE: '消息格式不正确',
  WORD_LIST: '含有本社区不允许的词语',
  CONTENT_CHECK: '未通过微信内容安全检测',
  SENT_TOO_FAST: '发送过快',
  REPEATED: '重复发送次数过多',
  TOO_MANY_LINKS: '短时间内发送的链接过多',
  MEDIA_MISSING: '文件已丢失',
  REMOVED: '已被管理员移除',
  REVIEW_MEDIA: '正在检测图片或语音',
  REVIEW: '等待管理员审核',
};

const ERRORS: Record<ErrorCode, string> = {
  INVALID_INPUT: '请求内容有误',
  UNAUTHENTICATED: '请重新打开小程序登录',
  NOT_FOUND: '内容已不存在',
  NOT_MEMBER: '你不是本群成员',
  FORBIDDEN: '你没有权限这样做',
  MUTED: '你已被禁言',
  BANNED: '你已被移出本群',
  CONFLICT: '内容已被他人修改，请重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '服务暂时不可用，请稍后再试',
  OWNER_MUST_TRANSFER: '请先转让群主或解散群聊再退出',
  INVITATION_REQUIRED: '本群仅限邀请加入',
  INVITE_INVALID: '邀请无效',
  INVITE_EXPIRED: '邀请已过期',
  INVITE_USED_UP: '邀请名额已用完',
  INVITE_REPLAYED: '你已使用过此邀请，请索取新的邀请',
  INVITE_REVOKED: '邀请已被撤回',
  NETWORK: '网络不可用，恢复后自动发送',
  PERMISSION_DENIED: '你不能在这里发言（已被禁言或不是成员）',
  DUPLICATE: '内容已被他人修改，请重试',
};

/** A blocked or held message's reason; a word-list hit shows the words its admin wrote. */
export function reasonText(reason: { code: string; details?: Record<string, unknown> } | undefined): string {
  if (!reason) return '内容不符合社区规范';
  const own = reason.code === 'WORD_LIST' ? reason.details?.reason : undefined;
  if (typeof own === 'string' && own) return own;
  return (REASONS as Record<string, string>)[reason.code] ?? (ERRORS as Record<string, string>)[reason.code] ?? '内容不符合社区规范';
}

/** A failed call's words (toasts, the note under a failed message). */
export function errorText(code: string): string {
  return (ERRORS as Record<string, string>)[code] ?? ERRORS.INTERNAL;
}

/** The input bar's slow-mode / rate countdown ('' when nothing waits). */
export function waitText(limit: string, seconds: number): string {
  if (seconds <= 0) return '';
  return limit === 'slow_mode' ? `慢速模式：请等待 ${seconds} 秒` : `发送太快：${seconds} 秒后自动发送`;
}

/** A failed call as a toast, in the words its code maps to. */
export function toastError(err: unknown, fallback = '操作失败，请稍后再试'): void {
  const { code, userMessage } = (err ?? {}) as { code?: string; userMessage?: string };
  void wx.showToast({ title: code ? errorText(code) : (userMessage ?? fallback), icon: 'none' });
}
