/**
 * The registry: the one place that lists providers. The background, the card, the popup and the options page
 * ask it and never name a provider. Adding one: a folder beside this file that exports a `ProviderModule`,
 * a line here, and its link rules in `links.ts` (kept apart so the content script does not bundle clients).
 */
import type { z } from 'zod';
import { graphProvider } from './graph';
import type { ProviderModule } from './types';

export const PROVIDERS = [graphProvider] as const;

type Registered = (typeof PROVIDERS)[number];
export type ProviderId = Registered['id'];

/** Every provider's settings section, by provider id (`settings.providers`). */
export type ProviderSettingsMap = {
  [P in Registered as P['id']]: z.infer<P['settings']['schema']>;
};

/** The registered providers, typed alike (for code that treats them generically). */
export const ALL_PROVIDERS = PROVIDERS as unknown as readonly ProviderModule[];

export function providerById(id: string): ProviderModule | undefined {
  return ALL_PROVIDERS.find((provider) => provider.id === id);
}

/** The provider that serves links of this kind (`ShareLink.provider`: onedrive, sharepoint, …). */
export function providerForLink(kind: string): ProviderModule | undefined {
  return ALL_PROVIDERS.find((provider) => provider.links.kinds.includes(kind));
}

/** Match patterns of the links whose provider can redeem them (the "Redeem link" menu). */
export const REDEEMABLE_MATCH_PATTERNS: readonly string[] = ALL_PROVIDERS.filter(
  (provider) => provider.canRedeem,
).flatMap((provider) => provider.links.matchPatterns);

export type { AccountStatus, ProviderAccount, ProviderClient, ProviderModule } from './types';
