/**
 * Microsoft Graph, the parts ShareLens uses: `/shares` routes, sharing actions on drive items (createLink, invite,
 * permissions) and `$batch` under `/v1.0` and `/beta`, and the
 * public thumbnail and download files their driveItems point at. Its errors are Graph's JSON
 * (`{"error":{"code","message","innerError":{…}}}`). Bearer tokens are checked with the identity service.
 */
import { json, notFound, pathSegments, safeDecode } from '../../core/http';
import type { EmulatorService, ServiceDefinition, ServiceEnv } from '../../core/service';
import type { ExchangeData } from '../exchange/dataset';
import { type IdentityService, identity } from '../identity';
import type { IdentityData } from '../identity/dataset';
import { handleBatch } from './batch';
import {
  CalendarSharing,
  handleCalendarPermissions,
  isCalendarPermissionsPath,
} from './calendar-permissions';
import { type GraphData, graphDataset } from './dataset';
import { graphErrorReply } from './errors';
import { download, thumbnail } from './files';
import { Grants } from './permissions';
import { encodeSharingUrl } from './share-key';
import { handleShares } from './shares';
import { handleSharing, isSharingPath } from './sharing';
import { Store } from './store';

/** What the Graph routes share. */
export interface GraphState {
  store: Store;
  /** durable `Prefer: redeemSharingLink` grants (user, link) */
  grants: Set<string>;
  /** permissions `invite` gave */
  sharing: Grants;
  /** checks bearer tokens */
  identity: IdentityService;
}

export interface GraphService extends EmulatorService, GraphState {}

const VERSIONS = ['v1.0', 'beta'];
const PUBLIC_FILES = ['thumbnails', 'download'];

export const graph = {
  name: 'graph',
  dataset: graphDataset,
  create({ dataset, use }: ServiceEnv<GraphData & IdentityData & ExchangeData>): GraphService {
    const identityService = use(identity);
    const calendars = new CalendarSharing(dataset, identityService);
    const service: GraphService = {
      name: 'graph',
      store: new Store(dataset, identityService.users),
      grants: new Set(),
      sharing: new Grants(),
      identity: identityService,
      matches: ([first = '']) => VERSIONS.includes(first) || PUBLIC_FILES.includes(first),
      handle(req, ctx) {
        const [first = '', ...rest] = pathSegments(req.pathname);
        if (VERSIONS.includes(first)) {
          if (rest.length === 1 && safeDecode(rest[0]!) === '$batch')
            return handleBatch(service, ctx, req, first);
          if (isCalendarPermissionsPath(rest))
            return handleCalendarPermissions(service, calendars, ctx.baseUrl, req, first, rest);
          if (isSharingPath(rest)) return handleSharing(service, ctx.baseUrl, req, rest, first);
          return handleShares(service, ctx.baseUrl, req, first, rest);
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(req);
        const file =
          first === 'thumbnails' && rest.length === 2
            ? thumbnail(service.store, safeDecode(rest[0]!), safeDecode(rest[1]!))
            : first === 'download' && rest.length === 1
              ? download(service.store, safeDecode(rest[0]!))
              : undefined;
        return file ?? notFound(req);
      },
      errorReply: graphErrorReply,
      // Thumbnails and downloads are plain public files: `*`. Graph itself echoes the Origin.
      anyOrigin: ([first = '']) => PUBLIC_FILES.includes(first),
      reset() {
        service.grants.clear();
        service.sharing.clear();
        service.store.resetChanges();
        calendars.clear();
      },
      control: {
        'GET links': () =>
          json(200, {
            links: service.store.links.map((link) => ({
              label: link.label,
              url: link.url,
              shareToken: encodeSharingUrl(link.url),
              type: service.store.typeOf(link),
              scope: link.scope,
              item: link.item,
              name: service.store.target(link).item.name,
            })),
          }),
      },
      home: (baseUrl) => ({ graph: `${baseUrl}/v1.0` }),
    };
    return service;
  },
} satisfies ServiceDefinition<GraphService>;
