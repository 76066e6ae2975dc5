/**
 * Fault injection: `POST /_emulator/faults` makes the next N requests whose method and path match fail, slow
 * down or return broken JSON (reference §1.7 throttling, §7.5 "throttle mode").
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PLAIN_JSON, type Reply } from './http';

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
  /**
   * Runs the request for real, then holds its response this long: the server acted but the client may give up
   * first (a createLink that "timed out" although the link was made). With `status`, `body` or `malformedJson`
   * the request still runs, and the fault's response is sent instead of the real one.
   */
  delayAfterMs: z.number().int().nonnegative().max(300_000).optional(),
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
function faultHeaders(fault: Fault): Record<string, string> {
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

/** Adds a fault's headers to a reply; one replaces a header of the same name in any letter case. */
export function addFaultHeaders(reply: Reply, fault: Fault): Reply {
  for (const [name, value] of Object.entries(faultHeaders(fault))) {
    for (const existing of Object.keys(reply.headers))
      if (existing.toLowerCase() === name.toLowerCase()) delete reply.headers[existing];
    reply.headers[name] = value;
  }
  return reply;
}

/**
 * The response a fault produces. An explicit `body` or `malformedJson` is sent as JSON, as given; a status of
 * 400 or more without a body gets the error body of the service the request belongs to (`errorReply`): Graph
 * JSON, identity-platform JSON, or whatever a later service speaks (XML, a SOAP fault). The fault's headers
 * come last, so they may also set `Content-Type`.
 */
export function faultReply(fault: Fault, errorReply: (status: number) => Reply): Reply {
  const status = fault.status ?? 200;
  let reply: Reply = { status, headers: {} };
  if (fault.malformedJson) reply = { status, headers: { 'Content-Type': PLAIN_JSON }, body: MALFORMED_JSON };
  else if (fault.body !== undefined) {
    const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
    reply = { status, headers: { 'Content-Type': PLAIN_JSON }, body };
  } else if (status >= 400) reply = errorReply(status);
  return addFaultHeaders(reply, fault);
}
