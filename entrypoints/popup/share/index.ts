import type { ComponentType } from 'preact';
import { ContentStoreSharePanel } from './ContentStoreSharePanel';
import { ExchangeSharePanel, type FolderSharePanelProps } from './ExchangeSharePanel';
import { GraphSharePanel, type SharePanelProps } from './GraphSharePanel';

/**
 * Each provider's share panel, by provider id: the popup's Share… opens the one of the item's provider. A
 * provider that shares onward (`canShare` in its info) adds its panel here, beside its folder under lib/providers.
 */
export const SHARE_PANELS: Readonly<Record<string, ComponentType<SharePanelProps>>> = {
  graph: GraphSharePanel,
  contentstore: ContentStoreSharePanel,
};

/**
 * Panels of providers that share something of the person's own rather than an item behind a link (Exchange: a
 * calendar or contacts folder), by provider id: the popup offers them when `sharesOwnFolders` says so.
 */
export const FOLDER_SHARE_PANELS: Readonly<Record<string, ComponentType<FolderSharePanelProps>>> = {
  exchange: ExchangeSharePanel,
};

export type { FolderSharePanelProps, SharePanelProps };
