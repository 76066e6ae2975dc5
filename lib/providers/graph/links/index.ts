/**
 * OneDrive and SharePoint links: the link half of the Microsoft Graph provider. The content script bundles
 * this file (and only this file of the provider), so it must not import the client or any schema.
 */
import type { LinkRules } from '../../types';
import { detectCommonShareLink } from './common-forms';
import { oneDriveDetector } from './onedrive';
import { SHAREPOINT_CLOUDS, sharePointDetector } from './sharepoint';

export const graphLinks = {
  providerId: 'graph',
  kinds: ['onedrive', 'sharepoint'],
  detectors: [oneDriveDetector, sharePointDetector],
  hostHints: ['sharepoint', '1drv.ms', 'onedrive.live.com'],
  detectCommon: detectCommonShareLink,
  /**
   * OneDrive's hosts, and on SharePoint every path of two segments or more (short links, `_layouts/15` pages,
   * views, and documents in any site, the root site's included, which look like any other path) and OneDrive's
   * `/my` app. Broader than the detectors (site pages match); whoever uses them checks again.
   */
  matchPatterns: [
    '*://1drv.ms/*',
    '*://onedrive.live.com/*',
    ...SHAREPOINT_CLOUDS.flatMap((cloud) => [`*://*.${cloud}/*/*`, `*://*.${cloud}/my*`]),
  ],
} as const satisfies LinkRules;
