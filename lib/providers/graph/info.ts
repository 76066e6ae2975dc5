/**
 * What pages and the content script know of the Microsoft Graph provider: its links, its options section's
 * inputs, Copy sharing token and Redeem. No zod, client or account here: every page bundles this file.
 */
import type { ProviderInfo } from '../types';
import { graphLinks } from './links';
import type { GraphSettings } from './settings';
import { encodeSharingUrl } from './sharing-token';

export const graphInfo = {
  id: 'graph',
  name: 'accountHeading',
  links: graphLinks,
  fields: [
    { key: 'clientId', label: 'clientIdLabel', hint: 'clientIdHint', input: 'text' },
    { key: 'authority', label: 'authorityLabel', hint: 'authorityHint', input: 'url' },
    { key: 'graphEndpoint', label: 'graphEndpointLabel', hint: 'graphEndpointHint', input: 'url' },
  ],
  sharingToken: encodeSharingUrl,
  canRedeem: true,
  canShare: true,
} as const satisfies ProviderInfo<'graph', GraphSettings>;
