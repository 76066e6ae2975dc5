/**
 * Microsoft Graph: OneDrive and SharePoint links, the Microsoft account, previews through the shares API
 * with `$batch`, and Redeem (reference/graph-shares.md).
 */
import type { ProviderModule } from '../types';
import { createGraphAccount } from './account';
import { createGraphClient } from './client';
import { isThumbnailUrl } from './drive-item';
import { graphInfo } from './info';
import { type GraphSettings, graphSettings } from './settings';

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
      resolve: (link, options) => client.getSharedItem(link, { ...options, redeem: 'ifNecessary' }),
      resolveMany: (links, options) => client.getSharedItems(links, { ...options, redeem: 'ifNecessary' }),
      // Only the explicit Redeem action asks for durable access, like opening the link would.
      redeem: (link) => client.getSharedItem(link, { redeem: 'durable' }),
      isThumbnailUrl: (url) => isThumbnailUrl(url, settings.graphEndpoint),
    };
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
