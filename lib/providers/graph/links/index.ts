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
   * Short links, `_layouts/15` pages and library paths on SharePoint, and OneDrive's hosts. Slightly broader
   * than the detectors (site homes under /sites/ match); whoever uses them checks again.
   */
  matchPatterns: [
    '*://1drv.ms/*',
    '*://onedrive.live.com/*',
    ...SHAREPOINT_CLOUDS.flatMap((cloud) => [
      `*://*.${cloud}/:*`,
      `*://*.${cloud}/*/_layouts/15/*`,
      `*://*.${cloud}/sites/*/*`,
      `*://*.${cloud}/teams/*/*`,
      `*://*.${cloud}/personal/*/*`,
    ]),
  ],
} as const satisfies LinkRules;
