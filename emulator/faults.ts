/**
 * Fault injection: `POST /_emulator/faults` makes the next N requests whose method and path match fail, slow
 * down or return broken JSON (reference §1.7 throttling, §7.5 "throttle mode").
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type ApiRequest, graphError, innerError, json, type Reply } from './http';

export const FaultSpecSchema = z.object({
  match: z.object({
    /** case-insensitive; without it any method but OPTIONS matches (preflights are left alone) */
    method: z.string().min(1).optional(),
    /** substring of path + query as received, e.g. `/v1.0/shares/`; for $batch parts `/v1.0` + part url */
    path: z.string(),
  }),
  count: z.number().int().positive().default(1),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** seconds or an HTTP-date; sets Retry-After (reference §1.7: clients must accept both) */
  retryAfter: z.union([z.number().nonnegative(), z.string().min(1)]).optional(),
  delayMs: z.number().int().nonnegative().max(300_000).optional(),
  malformedJson: z.literal(true).optional(),
});
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

export interface Fault extends FaultSpec {
  id: string;
  /** how many more matching requests it applies to */
  remaining: number;
}

export class FaultStore {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: randomUUID(), remaining: spec.count };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The oldest fault matching this request, with one use consumed. */
  take(method: string, target: string): Fault | undefined {
    const fault = this.faults.find((candidate) => {
      const wanted = candidate.match.method?.toUpperCase();
      if (wanted ? wanted !== method : method === 'OPTIONS') return false;
      return target.includes(candidate.match.path);
    });
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.remove(fault.id);
    return fault;
  }
}

/** Headers a fault adds, to its own response or to the real one it lets through. */
export function faultHeaders(fault: Fault): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name] = String(value);
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  return headers;
}

/** Whether the fault replaces the response (else it only delays it and/or adds headers). */
export function replacesResponse(fault: Fault): boolean {
  return fault.status !== undefined || fault.body !== undefined || fault.malformedJson === true;
}

const MALFORMED_JSON = '{"id":"01EMULATORMALFORMED","name":"Quarterly report.docx","size":';

const GRAPH_CODES: Record<number, [string, string]> = {
  400: ['invalidRequest', 'The request is malformed or incorrect.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['accessDenied', 'The caller does not have permission to perform the action.'],
  404: ['itemNotFound', 'The resource could not be found.'],
  409: ['nameAlreadyExists', 'The specified item name already exists.'],
  412: ['resourceModified', 'The resource has changed since the caller last read it.'],
  500: ['generalException', 'An unspecified error has occurred.'],
  502: ['badGateway', 'Bad gateway.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry after some time.'],
  504: ['gatewayTimeout', 'The request timed out.'],
  507: ['quotaLimitReached', 'The user has reached their quota limit.'],
};

/** The response a fault produces. `flavour` picks the default body: Graph's error shape or OAuth's. */
export function faultReply(fault: Fault, req: ApiRequest, flavour: 'graph' | 'oauth'): Reply {
  const status = fault.status ?? 200;
  const headers = faultHeaders(fault);
  if (fault.malformedJson) {
    return {
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
      body: MALFORMED_JSON,
    };
  }
  if (fault.body !== undefined) {
    const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
    return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body };
  }
  if (status < 400) return { status, headers };
  if (flavour === 'oauth') {
    const error = status === 429 || status === 503 ? 'temporarily_unavailable' : 'server_error';
    return json(status, { error, error_description: `Emulated fault: HTTP ${status}.` }, headers);
  }
  if (status === 429) {
    // Reference §1.7 doc sample, with innerError.code "throttledRequest" (§7.4).
    return json(
      429,
      {
        error: {
          code: 'TooManyRequests',
          message: 'Please retry again later.',
          innerError: {
            code: 'throttledRequest',
            message: 'Please retry after',
            status: '429',
            ...innerError(req),
          },
        },
      },
      headers,
    );
  }
  const [code, message] = GRAPH_CODES[status] ?? ['generalException', `Emulated fault: HTTP ${status}.`];
  return graphError(req, status, code, message, { headers });
}
