/**
 * Commvault ContentStore (ObjectStore and Edge Drive): links on the servers the person configured, sign-in per
 * server with `Login`/`RenewLoginToken`/`Logout`, previews of files, folders and public shares, and sharing
 * onward with `App_ShareInfo` (reference/contentstore-ews.md §1, §3.1; seed 003).
 */
import type { ProviderModule } from '../types';
import { createContentStoreAccount } from './account';
import { createContentStoreClient } from './client';
import { contentStoreInfo } from './info';
import { type ContentStoreSettings, contentStoreSettings } from './settings';
import { createContentStoreSharing } from './sharing';
import { type ContentStoreShareRequest, ContentStoreShareRequestSchema } from './sharing-forms';

export const contentStoreProvider = {
  ...contentStoreInfo,
  links: contentStoreInfo.links as ProviderModule<'contentstore', ContentStoreSettings>['links'],
  settings: contentStoreSettings,
  createAccount: createContentStoreAccount,
  createClient({ settings, transport, account, runtime }) {
    return createContentStoreClient({
      settings,
      transport,
      ...runtime,
      credential: (serverId, { forceRefresh }) => account.credential({ forceRefresh, resource: serverId }),
    });
  },
  sharing: {
    requestSchema: ContentStoreShareRequestSchema,
    create({ settings, transport, account, runtime }) {
      const sharing = createContentStoreSharing({
        settings,
        transport,
        ...runtime,
        credential: (serverId, { forceRefresh }) => account.credential({ forceRefresh, resource: serverId }),
      });
      return { run: (request) => sharing.run(request as ContentStoreShareRequest) };
    },
  },
} as const satisfies ProviderModule<'contentstore', ContentStoreSettings>;
