/**
 * Which links are ContentStore's: only links on the servers the person configured, whose path matches one of
 * that server's link patterns. No fixed hosts, so nothing here adds to the prefilter or the match patterns.
 * No zod: the content script bundles this file.
 */
import type { LinkRules, ShareLinkDetector } from '../types';
import { DEFAULT_LINK_PATTERNS, matchAny } from './patterns';

/** What detection needs of a server (the settings' server without the user name). */
export interface LinkServer {
  id: string;
  webAddress: string;
  linkPatterns?: readonly string[];
}

export interface ContentStoreLinkSection {
  servers: readonly LinkServer[];
}

function originOf(address: string): URL | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** One detector per server: its origin (host and port), and its patterns. */
export function serverDetectors(section: unknown): ShareLinkDetector[] {
  const servers = (section as Partial<ContentStoreLinkSection> | undefined)?.servers;
  if (!Array.isArray(servers)) return [];
  const detectors: ShareLinkDetector[] = [];
  for (const server of servers as LinkServer[]) {
    const url = typeof server?.webAddress === 'string' ? originOf(server.webAddress) : undefined;
    if (!url) continue;
    const patterns = Array.isArray(server.linkPatterns) ? server.linkPatterns : DEFAULT_LINK_PATTERNS;
    detectors.push({
      provider: 'contentstore',
      origin: url.origin,
      ownsHost: (hostname) => hostname === url.hostname,
      isShareUrl: (link) => matchAny(patterns, link.pathname) !== undefined,
    });
  }
  return detectors;
}

/** The hosts of the configured servers (for the page scan's and the hover's cheap prefilter). */
export function serverHosts(section: unknown): string[] {
  return serverDetectors(section).flatMap((detector) =>
    detector.origin ? [new URL(detector.origin).host] : [],
  );
}

export const contentStoreLinks: LinkRules<ContentStoreLinkSection> = {
  providerId: 'contentstore',
  kinds: ['contentstore'],
  detectors: [],
  hostHints: [],
  matchPatterns: [],
  configuredDetectors: (section) => serverDetectors(section),
  linkSection: (section) => ({
    servers: (section?.servers ?? []).map(({ id, webAddress, linkPatterns }) => ({
      id,
      webAddress,
      linkPatterns,
    })),
  }),
  configuredHosts: (section) => serverHosts(section),
};
