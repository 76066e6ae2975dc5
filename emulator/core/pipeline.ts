/**
 * The request pipeline: an HTTP request comes in, gets a request id, is read (body size capped), logged, matched
 * against injected faults, routed to the service that claims its path, and written back with CORS headers.
 * `/_emulator/…` goes to the control API instead, unlogged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { addFaultHeaders, FaultStore, faultReply, replacesResponse } from './faults';
import {
  type ApiRequest,
  apiRequest,
  BodyTooLargeError,
  clientRequestId,
  coreError,
  corsHeaders,
  json,
  lowerCaseHeaders,
  notFound,
  pathSegments,
  preflight,
  type Reply,
  readBody,
  sleep,
} from './http';
import { RequestLog } from './request-log';
import type { EmulatorService, RequestContext } from './service';

/** The live state of one running emulator. */
export interface EmulatorContext {
  /** http://127.0.0.1:N, known once the server listens */
  baseUrl: string;
  log: RequestLog;
  faults: FaultStore;
  /** in registry order: the first whose `matches` claims a path answers it */
  services: readonly EmulatorService[];
}

export interface RunningServer {
  /** http://127.0.0.1:N (https with TLS) */
  url: string;
  port: number;
  close(): Promise<void>;
  /** the live state, for in-process tools that want to look inside */
  context: EmulatorContext;
}

function serviceFor(ctx: EmulatorContext, segments: readonly string[]): EmulatorService | undefined {
  return ctx.services.find((service) => service.matches(segments));
}

/** The error body for a request: its service's, or the core's own for paths no service claims. */
function errorReply(service: EmulatorService | undefined, req: ApiRequest, status: number, message?: string) {
  return service ? service.errorReply(req, status, message) : coreError(status, message);
}

function home(ctx: EmulatorContext): Reply {
  const entries = ctx.services.map((service) => service.home?.(ctx.baseUrl) ?? {});
  return json(200, {
    name: 'ShareLens emulator',
    services: ctx.services.map((service) => service.name),
    ...Object.assign({}, ...entries),
    control: `${ctx.baseUrl}/_emulator/health`,
  });
}

async function route(
  ctx: EmulatorContext,
  req: ApiRequest,
  segments: readonly string[],
  service: EmulatorService | undefined,
): Promise<Reply> {
  if (req.method === 'OPTIONS') return preflight(req.headers);
  if (service) return service.handle(req, requestContext(ctx));
  if ((req.method === 'GET' || req.method === 'HEAD') && segments.length === 1 && segments[0] === '')
    return home(ctx);
  return notFound(req);
}

function requestContext(ctx: EmulatorContext): RequestContext {
  return { baseUrl: ctx.baseUrl, run: (sub, parent) => runRequest(ctx, sub, parent.requestId) };
}

/**
 * Runs one logged request — an HTTP request or a sub-request such as a `$batch` part: faults first (they stand
 * in front of everything, like Graph's throttling), then the service.
 */
async function runRequest(ctx: EmulatorContext, req: ApiRequest, parentRequestId?: string): Promise<Reply> {
  const entry = ctx.log.add(
    req,
    parentRequestId !== undefined && req.batchPartId !== undefined
      ? { partId: req.batchPartId, batchRequestId: parentRequestId }
      : undefined,
  );
  const segments = pathSegments(req.pathname);
  const service = serviceFor(ctx, segments);
  let reply: Reply;
  try {
    const fault = ctx.faults.take(req.method, req.target);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.delayAfterMs !== undefined) {
      // The request takes effect whatever is sent back; then the response is held (and maybe replaced).
      const real = await route(ctx, req, segments, service);
      await sleep(fault.delayAfterMs);
      reply = replacesResponse(fault)
        ? faultReply(fault, (status) => errorReply(service, req, status))
        : addFaultHeaders(real, fault);
    } else if (fault && replacesResponse(fault)) {
      reply = faultReply(fault, (status) => errorReply(service, req, status));
    } else {
      reply = await route(ctx, req, segments, service);
      if (fault) addFaultHeaders(reply, fault);
    }
  } catch (error) {
    console.error('emulator: unexpected error', error);
    reply = errorReply(service, req, 500);
  }
  reply.headers['request-id'] = req.requestId;
  reply.headers['client-request-id'] = clientRequestId(req);
  entry.status = reply.status;
  return reply;
}

function write(res: ServerResponse, reply: Reply, cors: Record<string, string>): void {
  res.writeHead(reply.status, { ...cors, ...reply.headers });
  if (reply.stream) reply.stream().pipe(res);
  else res.end(reply.body);
}

async function onRequest(
  ctx: EmulatorContext,
  incoming: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = lowerCaseHeaders(incoming.headers);
  const req = apiRequest(incoming.method ?? 'GET', incoming.url ?? '/', headers);
  const segments = pathSegments(req.pathname);
  const service = serviceFor(ctx, segments);
  try {
    req.body = await readBody(incoming);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    write(res, errorReply(service, req, 413, error.message), corsHeaders(headers.origin));
    return;
  }

  const [, first, ...rest] = req.pathname.split('/');
  if (first === '_emulator') {
    const reply =
      req.method === 'OPTIONS'
        ? preflight(headers)
        : (handleControl(ctx, req, rest) ??
          json(404, { error: `No control route ${req.method} ${req.pathname}.` }));
    write(res, reply, corsHeaders(headers.origin, true));
    return;
  }
  const reply = await runRequest(ctx, req);
  write(res, reply, corsHeaders(headers.origin, service?.anyOrigin?.(segments) ?? false));
}

export interface ServerOptions {
  /** 0 or undefined: a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** PEM key and certificate: serve https instead of http */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

/** Listens on `host:port` (port 0: a free one), over https when given `tls`, and answers with these services. */
export async function startServer(
  services: readonly EmulatorService[],
  options: ServerOptions = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const context: EmulatorContext = { baseUrl: '', log: new RequestLog(), faults: new FaultStore(), services };
  const listener = (incoming: IncomingMessage, res: ServerResponse) => {
    onRequest(context, incoming, res).catch((error) => {
      console.error('emulator: failed to answer', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  context.baseUrl = url;
  return {
    url,
    port,
    context,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
