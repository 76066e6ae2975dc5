/** The identity platform's JSON error body, for the token endpoint's own errors and for injected faults. */
import { randomUUID } from 'node:crypto';
import { type ApiRequest, clientRequestId, json, type Reply } from '../../core/http';

/** `2026-03-01 09:30:00Z`, the form of `timestamp` and of the Timestamp in `error_description`. */
function timestamp(): string {
  return new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * `{error, error_description: "AADSTS…: … Trace ID … Correlation ID … Timestamp …", error_codes, timestamp,
 * trace_id, correlation_id}` (reference §5), plus `extra` (e.g. `suberror`).
 */
export function oauthError(
  req: ApiRequest,
  status: number,
  error: string,
  code: number,
  text: string,
  extra: Record<string, string> = {},
): Reply {
  const [traceId, correlationId, time] = [randomUUID(), clientRequestId(req), timestamp()];
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${time}`,
    error_codes: [code],
    timestamp: time,
    trace_id: traceId,
    correlation_id: correlationId,
    ...extra,
  });
}

/**
 * The body for a status the platform answers on its own: throttling and outages are `temporarily_unavailable`,
 * anything else `server_error` (the two OAuth 2.0 error values for server-side trouble). The AADSTS numbers are
 * those of Microsoft's error-code list (learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
export function identityErrorReply(req: ApiRequest, status: number, message?: string): Reply {
  if (status === 429 || status === 503) {
    return oauthError(
      req,
      status,
      'temporarily_unavailable',
      90033,
      message ?? 'A transient error has occurred. Please try again.',
    );
  }
  return oauthError(
    req,
    status,
    'server_error',
    50000,
    message ?? 'There was an error issuing a token or an issue with our sign-in service.',
  );
}
