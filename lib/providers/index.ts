/**
 * The registry: the one place that lists providers. The background asks it and never names a provider; pages
 * and the content script ask its light half, `info.ts`, which lists the same providers' `ProviderInfo` (so they
 * do not bundle clients and zod). Adding one: a folder beside this file, a line here and one in `info.ts`.
 */
import type { z } from 'zod';
import { contentStoreProvider } from './contentstore';
import { exchangeProvider } from './exchange';
import { graphProvider } from './graph';
import { infoForLink } from './info';
import type { ProviderModule } from './types';

export const PROVIDERS = [graphProvider, contentStoreProvider, exchangeProvider] as const;

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
  const info = infoForLink(kind);
  return info && providerById(info.id);
}

export type { AccountStatus, ProviderAccount, ProviderClient, ProviderModule } from './types';
