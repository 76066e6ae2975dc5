import type { ComponentType } from 'preact';
import { ContentStoreSharePanel } from './ContentStoreSharePanel';
import { GraphSharePanel, type SharePanelProps } from './GraphSharePanel';

/**
 * Each provider's share panel, by provider id: the popup's Share… opens the one of the item's provider. A
 * provider that shares onward (`canShare` in its info) adds its panel here, beside its folder under lib/providers.
 */
export const SHARE_PANELS: Readonly<Record<string, ComponentType<SharePanelProps>>> = {
  graph: GraphSharePanel,
  contentstore: ContentStoreSharePanel,
};

export type { SharePanelProps };
