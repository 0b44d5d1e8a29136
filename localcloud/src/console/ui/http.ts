// The page's calls to /console/api/*: JSON in, JSON out; a refusal becomes an Error carrying the
// server's code and message, which the page shows in its error banner.
import type { ConsoleError } from '../contract';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/console/api/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await res.json()) as T | ConsoleError;
  if (!res.ok) {
    const e = answer as ConsoleError;
    throw new ApiError(e.code ?? String(res.status), e.message ?? res.statusText);
  }
  return answer as T;
}

/** Parses what a person typed as JSON; the message says which field is wrong. */
export function parseJson(text: string, what: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('INVALID_JSON', `${what} is not valid JSON: ${(err as Error).message}`);
  }
}

const banner = () => document.getElementById('error')!;

export function showError(err: unknown): void {
  banner().textContent = err instanceof Error ? err.message : String(err);
}

export function clearError(): void {
  banner().textContent = '';
}

/** Runs a page action, showing its failure in the banner instead of losing it. */
export async function guarded(action: () => Promise<void>): Promise<void> {
  clearError();
  try {
    await action();
  } catch (err) {
    showError(err);
  }
}
