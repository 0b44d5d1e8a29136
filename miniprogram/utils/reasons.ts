// Words for the codes that reach the phone: why a message was blocked or held (the deliver
// outcome's ReasonCode, domain/messages.ts) and why a call failed (domain/errors.ts codes plus the
// client's own NETWORK / PERMISSION_DENIED / DUPLICATE). The words are catalogue keys
// (`reason_<CODE>`, `error_<CODE>`, domain/i18n), in the reader's language; nothing on the phone
// shows the server's English.
import { isMessageKey } from '../../domain/i18n/index';
import { tr } from '../stores/locale';

/** A blocked or held message's reason; a word-list hit shows the words its admin wrote. */
export function reasonText(reason: { code: string; details?: Record<string, unknown> } | undefined): string {
  if (!reason) return tr('reason_default');
  const own = reason.code === 'WORD_LIST' ? reason.details?.reason : undefined;
  if (typeof own === 'string' && own) return own;
  const key = `reason_${reason.code}`;
  if (isMessageKey(key)) return tr(key);
  const error = `error_${reason.code}`;
  return isMessageKey(error) ? tr(error) : tr('reason_default');
}

/** A failed call's words (toasts, the note under a failed message). */
export function errorText(code: string): string {
  const key = `error_${code}`;
  return isMessageKey(key) ? tr(key) : tr('error_INTERNAL');
}

/** The input bar's slow-mode / rate countdown ('' when nothing waits). */
export function waitText(limit: string, seconds: number): string {
  if (seconds <= 0) return '';
  return tr(limit === 'slow_mode' ? 'wait_slowMode' : 'wait_rate', { n: seconds });
}

/** A failed call as a toast, in the words its code maps to (ServiceError.userMessage is errorText). */
export function toastError(err: unknown, fallback?: string): void {
  void wx.showToast({ title: failureText(err, fallback ?? tr('common_actionFailed')), icon: 'none' });
}

/** A failed call's words for a toast or an error line. */
export function failureText(err: unknown, fallback?: string): string {
  const { code, userMessage } = (err ?? {}) as { code?: string; userMessage?: string };
  return code ? errorText(code) : (userMessage ?? fallback ?? tr('common_loadFailed'));
}
