import { parseRetryAfter } from '../../http/retry';
import { intlFormatter, t, uiLocale } from '../../i18n';
import type { ShareError } from '../../model';
import { graphErrorNodeSchema } from './schemas';

/** Response headers as `fetch` gives them, or a batch part's plain object (any letter case). */
export type HeadersLike = Headers | Readonly<Record<string, unknown>>;

/** A header value by case-insensitive name, from either kind of headers. */
export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return undefined;
}

const MAX_ERROR_DEPTH = 16;

/**
 * Every error code in a Graph error body, outermost first, following `innerError` or `innererror`
 * (reference/graph-shares.md §1.6). Empty when the body is not a Graph error.
 */
export function graphErrorCodes(body: unknown): string[] {
  const codes: string[] = [];
  let node = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  for (let depth = 0; depth < MAX_ERROR_DEPTH && node !== undefined; depth++) {
    const parsed = graphErrorNodeSchema.safeParse(node);
    if (!parsed.success) break;
    if (parsed.data.code) codes.push(parsed.data.code);
    node = parsed.data.innerError ?? parsed.data.innererror;
  }
  return codes;
}

/**
 * The most specific code worth showing: the innermost one that is a word. Graph's throttling
 * sample nests a bare `"429"` under `TooManyRequests`, which says less than its parent.
 */
function mostSpecificCode(codes: readonly string[]): string | undefined {
  return codes.findLast((code) => !/^\d+$/.test(code)) ?? codes[0];
}

function hasCode(codes: readonly string[], wanted: string): boolean {
  return codes.some((code) => code.toLowerCase() === wanted.toLowerCase());
}

/** "Microsoft Graph is busy. Try again in 6 minutes." in the interface language ("in 6 Minuten"). */
function busyMessage(retryAt: number | undefined, now: number): string {
  const seconds = retryAt === undefined ? 0 : Math.ceil((retryAt - now) / 1000);
  if (seconds <= 0) return t('graphBusyRetrySoon');
  const minutes = Math.ceil(seconds / 60);
  const hours = Math.ceil(minutes / 60);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    seconds < 60 ? [seconds, 'second'] : minutes < 60 ? [minutes, 'minute'] : [hours, 'hour'];
  const locale = uiLocale();
  const options = { numeric: 'always' } as const;
  const format = intlFormatter(
    'relative',
    locale,
    options,
    () => new Intl.RelativeTimeFormat(locale, options),
  );
  return t('graphBusyRetryIn', format.format(value, unit));
}

/** The sentence for "no token yet" (the interface language at the time this module loaded). */
export const SIGN_IN_MESSAGE = t('signInToSeeLink');

/**
 * Graph refused the token even after a refresh. Guests and other tenants' people get this until they
 * have opened the item once in SharePoint (reference/graph-shares.md §1.6), so signing in again is
 * not the only way out.
 */
export const REFUSED_MESSAGE = t('accountRefused');

/**
 * The error for "there is no token" (no status) or "Graph refused it after one refresh" (the
 * status Graph answered, 401). Callers tell "signed out" from "refused" by the status.
 */
export function unauthenticatedError(status?: number, code?: string): ShareError {
  const message = status === undefined ? t('signInToSeeLink') : t('accountRefused');
  const error: ShareError = { kind: 'unauthenticated', message };
  if (status !== undefined) error.status = status;
  if (code !== undefined) error.code = code;
  return error;
}

/** The error for a request that never got an answer (offline, DNS, connection refused). */
export function networkError(): ShareError {
  return {
    kind: 'network',
    message: t('graphUnreachable'),
  };
}

/** The error for a request that got no answer before its deadline (lib/http/transport.ts). */
export function timeoutError(): ShareError {
  return {
    kind: 'network',
    message: t('graphTimeout'),
  };
}

/** The error for an answer that did not have the documented shape. */
export function badResponseError(status?: number): ShareError {
  const error: ShareError = {
    kind: 'badResponse',
    message: t('graphBadResponse'),
  };
  if (status !== undefined) error.status = status;
  return error;
}

export interface MapGraphErrorContext {
  /** Epoch ms; defaults to Date.now(). Used for Retry-After and the "try again in …" sentence. */
  now?: number;
  /** When the retry policy already worked out the next sensible try. Wins over Retry-After. */
  retryAt?: number;
}

/**
 * Turns a Graph error answer into a ShareError. Branches on status and codes only, never on
 * `message`, which is neither stable nor localised (reference/graph-shares.md §1.6).
 */
export function mapGraphError(
  status: number,
  body?: unknown,
  headers?: HeadersLike,
  context: MapGraphErrorContext = {},
): ShareError {
  const codes = graphErrorCodes(body);
  const code = mostSpecificCode(codes);
  const withDetails = (error: ShareError): ShareError => {
    error.status = status;
    if (code !== undefined) error.code = code;
    return error;
  };

  switch (status) {
    case 401:
      return unauthenticatedError(status, code);
    case 403:
      // Graph answers 403 for missing, revoked and unauthorised links alike; it never says 404 for
      // a share (reference/graph-shares.md §1.6, Teams SDK live test).
      return withDetails({
        kind: 'accessDenied',
        message: t('accessDenied'),
      });
    case 404:
    case 410:
      return withDetails({
        kind: 'notFound',
        message: t('itemGone'),
      });
    case 429:
    case 503:
    case 504: {
      const now = context.now ?? Date.now();
      const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), now);
      const retryAt = context.retryAt ?? (retryAfterMs === undefined ? undefined : now + retryAfterMs);
      const error = withDetails({
        kind: 'throttled',
        message: busyMessage(retryAt, now),
      });
      if (retryAt !== undefined) error.retryAt = retryAt;
      return error;
    }
  }
  // Only a malformed share token gets 400 invalidRequest ("Invalid shares key.", §1.6).
  if (status === 400 && hasCode(codes, 'invalidRequest')) {
    return withDetails({
      kind: 'invalidLink',
      message: t('linkUnreadable'),
    });
  }
  if (status === 0 || (status >= 300 && status < 400)) {
    // Requests that carry a token do not follow redirects (see client.ts); a redirect is unexpected.
    return withDetails({
      kind: 'server',
      message: t('unexpectedRedirect'),
    });
  }
  return withDetails({
    kind: 'server',
    message: t('graphFailed', String(status)),
  });
}
