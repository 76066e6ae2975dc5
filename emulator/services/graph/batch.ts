/**
 * `POST /v1.0/$batch` (reference §1.8, §7.10): up to 20 relative requests run with the batch's Authorization,
 * answered 200 `{responses:[{id,status,headers,body}]}` in shuffled order.
 *
 * A malformed batch is a 400 for the whole batch. That covers a part with an absolute URL: the reference
 * defines `url` as relative and says "malformed batch → 400", and Graph treats a part without the
 * Content-Type its body needs the same way.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type ApiRequest, apiRequest, clientRequestId, json, type Reply } from '../../core/http';
import type { RequestContext } from '../../core/service';
import { GRAPH_JSON, graphError } from './errors';
import type { GraphState } from './index';
import { authenticate } from './shares';

export const MAX_BATCH_REQUESTS = 20;

const PartSchema = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
type Part = z.infer<typeof PartSchema>;

class BatchError extends Error {}

function validate(payload: unknown): Part[] {
  if (
    typeof payload !== 'object' ||
    payload === null ||
    !Array.isArray((payload as { requests?: unknown }).requests)
  ) {
    throw new BatchError('Invalid batch payload format: expected {"requests": [...]}.');
  }
  const requests = (payload as { requests: unknown[] }).requests;
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw new BatchError(
      `Number of included requests (${requests.length}) exceeds the maximum of ${MAX_BATCH_REQUESTS}.`,
    );
  }
  const parts = requests.map((request, index) => {
    const result = PartSchema.safeParse(request);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new BatchError(
        `requests[${index}].${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return result.data;
  });
  const seen = new Set<string>();
  for (const part of parts) {
    const id = part.id.toLowerCase();
    if (seen.has(id))
      throw new BatchError(`Request id '${part.id}' is used twice (ids are compared case-insensitively).`);
    seen.add(id);
    if (/^[a-z][a-z0-9+.-]*:/i.test(part.url) || part.url.startsWith('//')) {
      throw new BatchError(
        `Request id '${part.id}': url must be relative to the batch endpoint, e.g. /shares/{token}.`,
      );
    }
    // A url that repeats the version (`/v1.0/me`) is refused too: what the Graph JS SDK builds from a full URL
    // (microsoftgraph/msgraph-sdk-javascript #1451, microsoft-graph-docs-contrib #8576).
    if (/^\/?(v1\.0|beta)(\/|$)/i.test(part.url)) throw new BatchError('Invalid batch payload format.');
    const hasContentType = Object.keys(part.headers ?? {}).some(
      (name) => name.toLowerCase() === 'content-type',
    );
    if (part.body !== undefined && !hasContentType) {
      throw new BatchError(`Write request id : ${part.id} does not contain Content-Type header or body.`);
    }
  }
  for (const part of parts) {
    for (const dependency of part.dependsOn ?? []) {
      if (!seen.has(dependency.toLowerCase()) || dependency.toLowerCase() === part.id.toLowerCase()) {
        throw new BatchError(
          `Request id '${part.id}' depends on '${dependency}', which is not another request here.`,
        );
      }
    }
  }
  return parts;
}

/** Parts ordered so that each runs after what it depends on; a cycle is a malformed batch. */
function executionOrder(parts: Part[]): Part[] {
  const byId = new Map(parts.map((part) => [part.id.toLowerCase(), part]));
  const order: Part[] = [];
  const state = new Map<Part, 'visiting' | 'done'>();
  const visit = (part: Part) => {
    if (state.get(part) === 'done') return;
    if (state.get(part) === 'visiting')
      throw new BatchError(`Request id '${part.id}' is part of a dependsOn cycle.`);
    state.set(part, 'visiting');
    for (const dependency of part.dependsOn ?? []) visit(byId.get(dependency.toLowerCase())!);
    state.set(part, 'done');
    order.push(part);
  };
  for (const part of parts) visit(part);
  return order;
}

/** A deterministic shuffle (seeded by the ids) that never keeps the request order for two or more parts. */
export function shuffled<T>(items: T[], seed: string): T[] {
  const result = [...items];
  let state = createHash('sha1').update(seed).digest().readUInt32LE(0);
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  if (result.length > 1 && result.every((item, index) => item === items[index])) result.push(result.shift()!);
  return result;
}

function partBody(reply: Reply): unknown {
  if (reply.body === undefined || reply.body.length === 0) return undefined;
  const text = reply.body.toString();
  if (/json/i.test(reply.headers['Content-Type'] ?? '')) {
    try {
      return JSON.parse(text);
    } catch {
      return text; // e.g. a malformedJson fault: kept as the raw string
    }
  }
  return Buffer.from(reply.body).toString('base64');
}

/** `POST /{version}/$batch`: each part runs through the whole pipeline (log, faults) via `ctx.run`. */
export async function handleBatch(
  graph: GraphState,
  ctx: RequestContext,
  req: ApiRequest,
  version: string,
): Promise<Reply> {
  if (req.batchPartId !== undefined)
    return graphError(req, 400, 'BadRequest', 'A batch cannot contain a batch.');
  if (req.method !== 'POST') {
    return graphError(req, 405, 'notAllowed', `The HTTP method '${req.method}' is not allowed on $batch.`);
  }
  const caller = authenticate(graph, ctx.baseUrl, req);
  if ('status' in caller) return caller;
  let parts: Part[];
  let order: Part[];
  try {
    let payload: unknown;
    try {
      payload = JSON.parse(req.body);
    } catch {
      throw new BatchError('Unable to read JSON request payload. Please ensure the payload is valid JSON.');
    }
    parts = validate(payload);
    order = executionOrder(parts);
  } catch (error) {
    if (error instanceof BatchError) return graphError(req, 400, 'BadRequest', error.message);
    throw error;
  }

  const statuses = new Map<string, number>();
  const responses = new Map<Part, Record<string, unknown>>();
  for (const part of order) {
    const failed = (part.dependsOn ?? []).find((id) => {
      const status = statuses.get(id.toLowerCase()) ?? 0;
      return status < 200 || status > 299;
    });
    let reply: Reply;
    const partRequest = toApiRequest(req, version, part);
    if (failed !== undefined) {
      reply = graphError(
        partRequest,
        424,
        'FailedDependency',
        `The request depends on '${failed}', which failed.`,
      );
    } else {
      reply = await ctx.run(partRequest, req);
    }
    statuses.set(part.id.toLowerCase(), reply.status);
    const body = partBody(reply);
    responses.set(part, {
      id: part.id,
      status: reply.status,
      headers: reply.headers,
      ...(body === undefined ? {} : { body }),
    });
  }
  const ordered = shuffled(parts, parts.map((part) => part.id).join('\n')).map(
    (part) => responses.get(part)!,
  );
  return json(200, { responses: ordered }, { 'OData-Version': '4.0' }, GRAPH_JSON);
}

function toApiRequest(outer: ApiRequest, version: string, part: Part): ApiRequest {
  const target = `/${version}${part.url.startsWith('/') ? '' : '/'}${part.url}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(part.headers ?? {})) headers[name.toLowerCase()] = value;
  // Each part runs with the batch's Authorization, and under the batch's client-request-id unless it has one.
  if (outer.headers.authorization !== undefined) headers.authorization = outer.headers.authorization;
  headers['client-request-id'] ??= clientRequestId(outer);
  const body =
    part.body === undefined ? '' : typeof part.body === 'string' ? part.body : JSON.stringify(part.body);
  return apiRequest(part.method, target, headers, body, part.id);
}
