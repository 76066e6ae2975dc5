/**
 * Microsoft Graph: OneDrive and SharePoint links, the Microsoft account, previews through the shares API
 * with `$batch`, and Redeem (reference/graph-shares.md).
 */
import type { ProviderModule } from '../types';
import { createGraphAccount } from './account';
import { createGraphClient } from './client';
import { isThumbnailUrl } from './drive-item';
import { badResponseError } from './errors';
import { graphInfo } from './info';
import { type GraphSettings, graphSettings } from './settings';
import { createGraphSharing, sharingScope } from './sharing';
import { type GraphShareRequest, GraphShareRequestSchema } from './sharing-forms';

export const graphProvider = {
  ...graphInfo,
  settings: graphSettings,
  createAccount: createGraphAccount,
  createClient({ settings, transport, account, runtime }) {
    const client = createGraphClient({
      endpoint: settings.graphEndpoint,
      transport,
      ...runtime,
      credential: ({ forceRefresh }) => account.credential({ forceRefresh }),
    });
    return {
      // Previews only peek (reference §1.3): access for this request, nothing added to "Shared with me".
      // The card's one link also asks how the link itself shares the item: one batch, one request (§1.8).
      resolve: async (link, options) => {
        const results = await client.getSharedItems([link], {
          ...options,
          redeem: 'ifNecessary',
          linkAccess: true,
        });
        return results.get(link.url) ?? { ok: false, error: badResponseError() };
      },
      resolveMany: (links, options) => client.getSharedItems(links, { ...options, redeem: 'ifNecessary' }),
      // Only the explicit Redeem action asks for durable access, like opening the link would.
      redeem: (link) => client.getSharedItem(link, { redeem: 'durable' }),
      isThumbnailUrl: (url) => isThumbnailUrl(url, settings.graphEndpoint),
    };
  },
  sharing: {
    requestSchema: GraphShareRequestSchema,
    // Previews need only read access; changing who has access needs this, asked the first time (reference §5).
    consentResource: (settings) => sharingScope(settings.graphEndpoint),
    create({ settings, transport, account, runtime }) {
      const scope = sharingScope(settings.graphEndpoint);
      const sharing = createGraphSharing({
        endpoint: settings.graphEndpoint,
        transport,
        ...runtime,
        credential: ({ forceRefresh }) => account.credential({ forceRefresh, resource: scope }),
        signedIn: async () => (await account.status()).signedIn,
      });
      return { run: (request) => sharing.run(request as GraphShareRequest) };
    },
  },
} as const satisfies ProviderModule<'graph', GraphSettings>;

export {
  createGraphClient,
  driveItemPath,
  type GetSharedItemOptions,
  type GetSharedItemsOptions,
  type GraphClient,
  type GraphClientOptions,
  isGraphUrl,
  MAX_BATCH_SIZE,
  PREFER_REDEEM,
  type RedeemMode,
} from './client';
export { CHILDREN_IN_PREVIEW, isThumbnailUrl, toSharedItem } from './drive-item';
export { mapGraphError } from './errors';
export { decodeSharingToken, encodeSharingUrl, SharingTokenError } from './sharing-token';
