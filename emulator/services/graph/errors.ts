/** Graph's error body (reference §1.6): one builder for route errors, throttling and injected faults. */
import { type ApiRequest, clientRequestId, json, type Reply } from '../../core/http';

export const GRAPH_JSON =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

/** Graph's `innerError.date` has no fraction and no zone: `2026-03-01T09:30:00`. */
function innerErrorDate(now = new Date()): string {
  return now.toISOString().slice(0, 19);
}

function innerError(req: ApiRequest): Record<string, string> {
  return { date: innerErrorDate(), 'request-id': req.requestId, 'client-request-id': clientRequestId(req) };
}

/**
 * A Graph error: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 * `inner` adds fields to innerError (before the ids), `extra` adds fields to `error`.
 */
export function graphError(
  req: ApiRequest,
  status: number,
  code: string,
  message: string,
  options: {
    inner?: Record<string, string>;
    extra?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): Reply {
  const error = { code, message, innerError: { ...options.inner, ...innerError(req) }, ...options.extra };
  return json(status, { error }, options.headers ?? {});
}

const GRAPH_CODES: Record<number, [string, string]> = {
  400: ['invalidRequest', 'The request is malformed or incorrect.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['accessDenied', 'The caller does not have permission to perform the action.'],
  404: ['itemNotFound', 'The resource could not be found.'],
  409: ['nameAlreadyExists', 'The specified item name already exists.'],
  412: ['resourceModified', 'The resource has changed since the caller last read it.'],
  413: ['requestTooLarge', 'The request is too large.'],
  500: ['generalException', 'An unspecified error has occurred.'],
  502: ['badGateway', 'Bad gateway.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry after some time.'],
  504: ['gatewayTimeout', 'The request timed out.'],
  507: ['quotaLimitReached', 'The user has reached their quota limit.'],
};

/** The error Graph answers with for a status on its own: throttling, outages, and the usual code per status. */
export function graphErrorReply(req: ApiRequest, status: number, message?: string): Reply {
  if (status === 429) {
    // Reference §1.7 doc sample, with innerError.code "throttledRequest" (§7.4).
    return graphError(req, 429, 'TooManyRequests', message ?? 'Please retry again later.', {
      inner: { code: 'throttledRequest', message: 'Please retry after', status: '429' },
    });
  }
  const [code, text] = GRAPH_CODES[status] ?? ['generalException', `Emulated fault: HTTP ${status}.`];
  return graphError(req, status, code, message ?? text);
}
