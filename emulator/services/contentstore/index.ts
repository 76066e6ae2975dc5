/**
 * Commvault ContentStore (ObjectStore `contentstore/…`, Edge Drive `drive/…`) under the REST base paths
 * `/webconsole/api/`, `/commandcenter/api/` and `/SearchSvc/CVWebService.svc/` (reference §1, §3.1): Login,
 * RenewLoginToken, Logout, properties, metadata, listings, downloads, sharing, `ShareFolder` updates and public
 * shares. Answers are XML or JSON as `Accept` asks; errors are `App_GenericResp` (or the route's own answer
 * element). Tokens are its own `QSDK …` tokens in `Authtoken`, not the identity service's.
 */
import { type ApiRequest, json, pathSegments, type Reply, safeDecode } from '../../core/http';
import type { EmulatorService, ServiceDefinition, ServiceEnv } from '../../core/service';
import { authenticate, commServ, login, logout, renewLoginToken, whoAmI } from './auth';
import { type ContentStoreData, contentStoreDataset } from './dataset';
import { genericError } from './errors';
import { browse } from './files';
import { createShare, deleteShare, listShares, publicShare, sharedWithMe, updateShare } from './shares';
import { ContentStore } from './store';
import { answer } from './wire';

export interface ContentStoreService extends EmulatorService {
  store: ContentStore;
}

/** The web service roots (reference §1.1), as path segments. */
const BASES = [
  ['webconsole', 'api'],
  ['commandcenter', 'api'],
  ['searchsvc', 'cvwebservice.svc'],
] as const;
/** Where the browser-facing public share pages are [?: reference §1.5, no real link has been captured]. */
const CONSOLES = ['webconsole', 'commandcenter'];
const STORES = ['contentstore', 'drive'];

/** The route below a base path, decoded; undefined when the path is not under one. Case-insensitive [heur]. */
function apiRoute(segments: readonly string[]): string[] | undefined {
  const base = BASES.find((candidate) =>
    candidate.every((segment, index) => segments[index]?.toLowerCase() === segment),
  );
  return base && segments.slice(base.length).map(safeDecode);
}

/** `/{webconsole|commandcenter}/publicshare/{shareId}`: the public share's page [?]. */
function isSharePage(segments: readonly string[]): boolean {
  return (
    segments.length === 3 &&
    CONSOLES.includes(segments[0]!.toLowerCase()) &&
    segments[1]!.toLowerCase() === 'publicshare'
  );
}

function isPublic(route: readonly string[]): boolean {
  return (
    route.length >= 3 && STORES.includes(route[0]!.toLowerCase()) && route[1]!.toLowerCase() === 'publicshare'
  );
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A small page standing in for the console's public share view [heur]. */
function sharePage(store: ContentStore, idText: string): Reply {
  const share = /^\d+$/.test(idText) ? store.share(Number(idText)) : undefined;
  const item = share?.public ? store.item(share.guid) : undefined;
  const title = item
    ? `${item.name} (shared by ${share!.owner})`
    : 'This share does not exist or is not public.';
  const html = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1>${
    share?.password ? '<p>This share is protected by a password.</p>' : ''
  }`;
  return { status: item ? 200 : 404, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
}

function handleApi(store: ContentStore, req: ApiRequest, route: string[]): Reply {
  const words = route.map((segment) => segment.toLowerCase());
  const [first = '', second = ''] = words;
  const post = req.method === 'POST';
  // cvpysdk probes the base path before it logs in.
  if (route.length === 0 && (req.method === 'GET' || req.method === 'HEAD'))
    return answer(req, 200, { name: 'App_GenericResp', attrs: { errorCode: 0, errorString: '' } });
  if (route.length === 1 && post && first === 'login') return login(store, req);
  if (route.length === 1 && post && first === 'renewlogintoken') return renewLoginToken(store, req);
  if (route.length === 1 && post && first === 'logout') return logout(store, req);
  if (isPublic(route)) return publicShare(store, req, route[2]!, route.slice(3));

  const caller = authenticate(store, req);
  if ('reply' in caller) return caller.reply;
  const { userName } = caller;
  if (route.length === 1 && first === 'whoami' && (post || req.method === 'GET'))
    return whoAmI(store, req, userName);
  if (route.length === 1 && first === 'commserv' && req.method === 'GET')
    return commServ(req, (req.headers.host ?? '127.0.0.1').replace(/:\d+$/, ''));
  if (first === 'sharefolder' && route.length === 2) {
    if (req.method === 'PUT') return updateShare(store, req, route[1]!, userName);
    if (req.method === 'DELETE') return deleteShare(store, req, route[1]!, userName);
  }
  if (STORES.includes(first)) {
    const sub = route.slice(1);
    if (post && sub.length === 4 && second === 'file' && words[3] === 'action' && words[4] === 'share')
      return createShare(store, req, userName, sub[1]);
    if (post && sub.length === 2 && second === 'action' && words[2] === 'share')
      return createShare(store, req, userName);
    if (second === 'share' && sub.length === 1 && req.method === 'GET')
      return listShares(store, req, userName);
    if (second === 'share' && sub.length >= 2)
      return sharedWithMe(store, req, sub[1]!, sub.slice(2), userName);
    const reply = browse(store, req, sub, store.root);
    if (reply) return reply;
  }
  return genericError(req, 404, `Nothing is served at ${req.method} ${req.pathname}.`);
}

/** `GET /_emulator/contentstore/links`: the shareable URLs of the dataset and of shares made since. */
function links(store: ContentStore, baseUrl: string): Reply {
  const api = `${baseUrl}/webconsole/api`;
  return json(200, {
    bases: BASES.map((base) =>
      `${baseUrl}/${base.join('/')}`.replace('searchsvc/cvwebservice.svc', 'SearchSvc/CVWebService.svc'),
    ),
    shares: store.shares().map((share) => {
      const item = store.item(share.guid);
      return {
        id: share.id,
        guid: share.guid,
        name: share.name,
        owner: share.owner,
        public: share.public,
        passwordProtected: share.password !== undefined,
        type: item?.folder ? 'folder' : 'file',
        path: item && store.pathOf(item),
        recipients: share.recipients,
        ...(share.public
          ? {
              url: `${baseUrl}/webconsole/publicshare/${share.id}`,
              commandCenterUrl: `${baseUrl}/commandcenter/publicshare/${share.id}`,
              apiUrl: `${api}/contentstore/publicshare/${share.id}`,
              driveApiUrl: `${api}/drive/publicshare/${share.id}`,
            }
          : { apiUrl: `${api}/contentstore/share/${share.id}` }),
      };
    }),
    files: store.allItems().map((item) => ({
      guid: item.guid,
      name: item.name,
      path: store.pathOf(item),
      type: item.folder ? 'folder' : 'file',
      owner: item.owner,
      url: `${api}/contentstore/file/${item.guid}`,
      driveUrl: `${api}/drive/file/${item.guid}`,
      shareId: store.shareOf(item.guid)?.id,
    })),
  });
}

/** `POST /_emulator/contentstore/clock` `{"advanceMinutes": n}` or `{"advanceMs": n}`: moves the idle clock. */
function moveClock(store: ContentStore, req: ApiRequest): Reply {
  let body: { advanceMinutes?: unknown; advanceMs?: unknown };
  try {
    body = req.body.trim() === '' ? {} : JSON.parse(req.body);
  } catch {
    return json(400, { error: 'The body is not valid JSON.' });
  }
  const minutes = typeof body.advanceMinutes === 'number' ? body.advanceMinutes * 60_000 : 0;
  const ms = typeof body.advanceMs === 'number' ? body.advanceMs : 0;
  if (!Number.isFinite(minutes + ms) || minutes + ms < 0)
    return json(400, { error: 'advanceMinutes / advanceMs must be non-negative numbers.' });
  store.clockOffsetMs += minutes + ms;
  return json(200, { offsetMs: store.clockOffsetMs, idleMinutes: store.idleMs / 60_000 });
}

export const contentstore = {
  name: 'contentstore',
  dataset: contentStoreDataset,
  create({ dataset, options }: ServiceEnv<ContentStoreData, { tls?: unknown }>): ContentStoreService {
    // Control routes get no base URL: the Host header and the server's scheme make it.
    const origin = (req: ApiRequest) =>
      `${options.tls ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
    const service: ContentStoreService = {
      name: 'contentstore',
      store: new ContentStore(dataset.contentstore),
      matches: (segments) => apiRoute(segments) !== undefined || isSharePage(segments),
      handle(req) {
        const segments = pathSegments(req.pathname);
        if (isSharePage(segments))
          return req.method === 'GET' || req.method === 'HEAD'
            ? sharePage(service.store, safeDecode(segments[2]!))
            : genericError(req, 404);
        return handleApi(service.store, req, apiRoute(segments) ?? []);
      },
      errorReply: genericError,
      // Public shares need no token and are meant to be opened from anywhere, like Graph's public files.
      anyOrigin: (segments) => isSharePage(segments) || isPublic(apiRoute(segments) ?? []),
      reset({ signOut }) {
        service.store.resetShares();
        service.store.clockOffsetMs = 0;
        if (signOut) service.store.sessions.clear();
      },
      control: {
        'GET contentstore/:id': (req) =>
          req.pathname.endsWith('/links')
            ? links(service.store, origin(req))
            : json(404, { error: `No control route GET ${req.pathname}.` }),
        'POST contentstore/:id': (req) =>
          req.pathname.endsWith('/clock')
            ? moveClock(service.store, req)
            : json(404, { error: `No control route POST ${req.pathname}.` }),
      },
      home: (url) => ({ contentstore: `${url}/webconsole/api` }),
    };
    return service;
  },
} satisfies ServiceDefinition<ContentStoreService>;
