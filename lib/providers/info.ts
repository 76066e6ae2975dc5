/**
 * The light half of the registry in `index.ts`: what pages and the content script need of each provider
 * (links, options inputs, Copy sharing token, Redeem), in the same order, without zod, clients or accounts. A
 * contract test checks that both lists name the same providers.
 */

import type { Settings } from '../settings';
import { contentStoreInfo } from './contentstore/info';
import { exchangeInfo } from './exchange/info';
import { graphInfo } from './graph/info';
import type { ProviderInfo } from './types';

export const PROVIDER_INFO = [graphInfo, contentStoreInfo, exchangeInfo] as const;

/** A kind of share link some provider recognises: `ShareLink.provider`. */
export type LinkKind = (typeof PROVIDER_INFO)[number]['links']['kinds'][number];

/** Every provider's info, typed alike. */
export const ALL_PROVIDER_INFO = PROVIDER_INFO as unknown as readonly ProviderInfo[];

/** The provider that owns links of this kind (`ShareLink.provider`: onedrive, sharepoint, …). */
export function infoForLink(kind: string): ProviderInfo | undefined {
  return ALL_PROVIDER_INFO.find((info) => info.links.kinds.includes(kind));
}

/** One provider's section of the settings, for code that treats providers alike. */
export function providerSection(settings: Pick<Settings, 'providers'>, providerId: string): unknown {
  return (settings.providers as Record<string, unknown>)[providerId];
}

/** Match patterns of the links whose provider can redeem them (the "Redeem link" menu). */
export const REDEEMABLE_MATCH_PATTERNS: readonly string[] = ALL_PROVIDER_INFO.filter(
  (info) => info.canRedeem,
).flatMap((info) => info.links.matchPatterns);
