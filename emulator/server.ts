/**
 * The emulator's HTTP server: Microsoft Graph shares (`/v1.0`, `/beta`), the identity platform
 * (`/{tenant}/oauth2/v2.0/…`), thumbnails and downloads (no auth), and the control API (`/_emulator/…`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { handleBatch } from './batch';
import type { EmulatorContext } from './context';
import { handleControl } from './control';
import { type Dataset, DEMO_DATASET_PATH, loadDataset } from './dataset';
import { mimeTypeOf, THUMBNAIL_SIZES, type ThumbnailSize } from './drive-item';
import { FaultStore, faultHeaders, faultReply, replacesResponse } from './faults';
import { handleGraph } from './graph';
import {
  type ApiRequest,
  BodyTooLargeError,
  clientRequestId,
  corsHeaders,
  graphError,
  json,
  lowerCaseHeaders,
  newRequestId,
  preflight,
  type Reply,
  readBody,
  sleep,
} from './http';
import { handleIdentity } from './identity';
import { thumbnailPng } from './png';
import { RequestLog } from './request-log';
import { Store } from './store';
import { TokenStore } from './tokens';

export interface EmulatorOptions {
  /** 0 or undefined: a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** a dataset object or the path of a JSON file; default: the demo dataset */
  data?: Dataset | string;
  /**
   * Whether authorize acts as if a user already had a browser session (it then completes at once, also for
   * `prompt=none`). Unset: when the dataset names a `signedIn` user. `true`: the dataset's `signedIn` user, else
   * the first user. `false`: never; the login form always shows.
   */
  autoLogin?: boolean;
  /** default 3600 */
  accessTokenLifetimeSec?: number;
  /** default 86400 (SPA refresh tokens, reference §5) */
  refreshTokenLifetimeSec?: number;
  /** default 600 */
  authCodeLifetimeSec?: number;
}

export interface RunningEmulator {
  /** http://127.0.0.1:N */
  url: string;
  port: number;
  close(): Promise<void>;
  /** the live state, for in-process tools that want to look inside */
  context: EmulatorContext;
}

function isIdentityPath(segments: string[]): boolean {
  return segments.length === 4 && segments[1] === 'oauth2' && segments[2] === 'v2.0';
}

function notFound(req: ApiRequest): Reply {
  return json(404, { error: { code: 'notFound', message: `Nothing is served at ${req.pathname}.` } });
}

const thumbnailCache = new Map<string, Buffer>();

function thumbnail(ctx: EmulatorContext, itemId: string, file: string): Reply | undefined {
  const size = file.replace(/\.png$/, '') as ThumbnailSize;
  const node = ctx.store.node(itemId);
  if (!node?.item.thumbnail || !file.endsWith('.png') || !(size in THUMBNAIL_SIZES)) return undefined;
  const key = `${itemId}/${size}`;
  let png = thumbnailCache.get(key);
  if (!png) {
    const { width, height } = THUMBNAIL_SIZES[size];
    png = thumbnailPng(itemId, width, height);
    thumbnailCache.set(key, png);
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=3600' },
    body: png,
  };
}

/** `@microsoft.graph.downloadUrl` target: `size` bytes of filler text, no auth (reference §1.4). */
function download(ctx: EmulatorContext, itemId: string): Reply | undefined {
  const node = ctx.store.node(itemId);
  if (!node || node.children) return undefined;
  const size = node.size;
  const pattern = Buffer.from(`Emulated content of ${node.item.name}\n`);
  const chunkSize = 64 * 1024;
  const chunk = Buffer.alloc(chunkSize);
  for (let at = 0; at < chunkSize; at += pattern.length) pattern.copy(chunk, at);
  return {
    status: 200,
    headers: {
      'Content-Type': mimeTypeOf(node),
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(node.item.name)}`,
    },
    stream: () =>
      Readable.from(
        (function* () {
          for (let sent = 0; sent < size; sent += chunkSize)
            yield chunk.subarray(0, Math.min(chunkSize, size - sent));
        })(),
      ),
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function route(ctx: EmulatorContext, req: ApiRequest): Promise<Reply> {
  if (req.method === 'OPTIONS') return preflight(req.headers);
  const segments = req.pathname.split('/').slice(1);
  if (segments.length > 1 && segments.at(-1) === '') segments.pop(); // tolerate a trailing slash
  const [first = '', ...rest] = segments;
  if (first === 'v1.0' || first === 'beta') {
    if (rest.length === 1 && safeDecode(rest[0]!) === '$batch') {
      if (req.batchPartId !== undefined)
        return graphError(req, 400, 'BadRequest', 'A batch cannot contain a batch.');
      return handleBatch(ctx, req, first, (part) => runRequest(ctx, part, req.requestId));
    }
    return handleGraph(ctx, req, first, rest);
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (first === 'thumbnails' && rest.length === 2)
      return thumbnail(ctx, safeDecode(rest[0]!), rest[1]!) ?? notFound(req);
    if (first === 'download' && rest.length === 1)
      return download(ctx, safeDecode(rest[0]!)) ?? notFound(req);
    if (first === '') {
      return json(200, {
        name: 'ShareLens emulator of Microsoft Graph (shares) and the Microsoft identity platform',
        graph: `${ctx.baseUrl}/v1.0`,
        authority: `${ctx.baseUrl}/common`,
        control: `${ctx.baseUrl}/_emulator/health`,
      });
    }
  }
  if (isIdentityPath(segments)) return handleIdentity(ctx, req, first, segments[3]!) ?? notFound(req);
  return notFound(req);
}

/**
 * Runs one logged request — an HTTP request or a `$batch` part: faults first (they stand in front of
 * everything, like Graph's throttling), then the route.
 */
async function runRequest(ctx: EmulatorContext, req: ApiRequest, batchRequestId?: string): Promise<Reply> {
  const entry = ctx.log.add(
    req,
    batchRequestId !== undefined && req.batchPartId !== undefined
      ? { partId: req.batchPartId, batchRequestId }
      : undefined,
  );
  let reply: Reply;
  try {
    const fault = ctx.faults.take(req.method, req.target);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault && replacesResponse(fault)) {
      reply = faultReply(fault, req, isIdentityPath(req.pathname.split('/').slice(1)) ? 'oauth' : 'graph');
    } else {
      reply = await route(ctx, req);
      if (fault) Object.assign(reply.headers, faultHeaders(fault));
    }
  } catch (error) {
    console.error('emulator: unexpected error', error);
    reply = graphError(req, 500, 'generalException', 'An unspecified error has occurred.');
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
  const target = incoming.url ?? '/';
  const queryStart = target.indexOf('?');
  const headers = lowerCaseHeaders(incoming.headers);
  const req: ApiRequest = {
    method: (incoming.method ?? 'GET').toUpperCase(),
    target,
    pathname: queryStart === -1 ? target : target.slice(0, queryStart),
    query: new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)),
    headers,
    body: '',
    requestId: newRequestId(),
  };
  try {
    req.body = await readBody(incoming);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    write(res, graphError(req, 413, 'requestTooLarge', error.message), corsHeaders(headers.origin));
    return;
  }

  const segments = req.pathname.split('/');
  if (segments[1] === '_emulator') {
    const reply =
      req.method === 'OPTIONS'
        ? preflight(headers)
        : (handleControl(ctx, req, segments.slice(2)) ??
          json(404, { error: `No control route ${req.method} ${req.pathname}.` }));
    write(res, reply, corsHeaders(headers.origin, true));
    return;
  }
  const reply = await runRequest(ctx, req);
  // Thumbnails and downloads are plain public files: `*`. Graph and the token endpoint echo the Origin.
  const publicFile = segments[1] === 'thumbnails' || segments[1] === 'download';
  write(res, reply, corsHeaders(headers.origin, publicFile));
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const dataset = loadDataset(options.data ?? DEMO_DATASET_PATH);
  const host = options.host ?? '127.0.0.1';
  const context: EmulatorContext = {
    store: new Store(dataset),
    baseUrl: '',
    log: new RequestLog(),
    faults: new FaultStore(),
    tokens: new TokenStore({
      accessSec: options.accessTokenLifetimeSec ?? 3600,
      refreshSec: options.refreshTokenLifetimeSec ?? 86_400,
      codeSec: options.authCodeLifetimeSec ?? 600,
    }),
    grants: new Set(),
    autoLoginUser:
      options.autoLogin === false
        ? undefined
        : options.autoLogin
          ? (dataset.signedIn ?? dataset.users[0]?.id)
          : dataset.signedIn,
  };
  const server = createServer((incoming, res) => {
    onRequest(context, incoming, res).catch((error) => {
      console.error('emulator: failed to answer', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
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
