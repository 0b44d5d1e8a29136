// Stable error codes every cloud function answers with, and the words a person sees for each.
// Tests assert the codes; the mini program shows `messageFor(code)`.

export const AppErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  NOT_FOUND: 'NOT_FOUND',
  NOT_MEMBER: 'NOT_MEMBER',
  FORBIDDEN: 'FORBIDDEN',
  MUTED: 'MUTED',
  BANNED: 'BANNED',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
  // Group management (domain/permissions.ts, domain/server/groups/).
  OWNER_MUST_TRANSFER: 'OWNER_MUST_TRANSFER',
  INVITATION_REQUIRED: 'INVITATION_REQUIRED',
  INVITE_INVALID: 'INVITE_INVALID',
  INVITE_EXPIRED: 'INVITE_EXPIRED',
  INVITE_USED_UP: 'INVITE_USED_UP',
  INVITE_REPLAYED: 'INVITE_REPLAYED',
  INVITE_REVOKED: 'INVITE_REVOKED',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const MESSAGES: Record<AppErrorCode, string> = {
  INVALID_INPUT: 'Something in the request was not right.',
  UNAUTHENTICATED: 'Please open the app again to sign in.',
  NOT_FOUND: 'It no longer exists.',
  NOT_MEMBER: 'You are not a member of this conversation.',
  FORBIDDEN: 'You are not allowed to do that.',
  MUTED: 'You are muted in this group.',
  BANNED: 'You are banned from this group.',
  CONFLICT: 'That was changed by someone else; try again.',
  RATE_LIMITED: 'Slow down a little and try again.',
  INTERNAL: 'Something went wrong on our side; try again.',
  OWNER_MUST_TRANSFER: 'Transfer ownership or dissolve the group before leaving.',
  INVITATION_REQUIRED: 'This group can only be joined with an invitation.',
  INVITE_INVALID: 'This invitation is not valid.',
  INVITE_EXPIRED: 'This invitation has expired.',
  INVITE_USED_UP: 'This invitation has been used up.',
  INVITE_REPLAYED: 'You already used this invitation; ask for a new one.',
  INVITE_REVOKED: 'This invitation was withdrawn.',
};

export function messageFor(code: string): string {
  return (MESSAGES as Record<string, string>)[code] ?? MESSAGES.INTERNAL;
}

/** What every cloud function returns: errors are values with a stable code, never a thrown string. */
export type FunctionResult<T> = { ok: true; data: T } | { ok: false; error: { code: AppErrorCode; message: string; details?: Record<string, unknown> } };
