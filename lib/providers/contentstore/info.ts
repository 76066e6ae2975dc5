/**
 * What pages and the content script know of the ContentStore provider: its links (configured servers only) and
 * that it shares. Its options section is a server list of its own (entrypoints/options/ContentStoreServers.tsx),
 * so it has no plain fields. No zod here: every page bundles this file.
 */
import type { ProviderInfo } from '../types';
import { type ContentStoreLinkSection, contentStoreLinks } from './links';

export const contentStoreInfo = {
  id: 'contentstore',
  name: 'csHeading',
  links: contentStoreLinks,
  fields: [],
  canShare: true,
  // Each server signs in with its own user name and password, in the server list of the options page.
  signInKind: () => 'perServer',
  signedOutText: 'csSignInToPreviewText',
} as const satisfies ProviderInfo<'contentstore', ContentStoreLinkSection>;
