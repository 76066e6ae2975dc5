import type { LinkRules } from '../types';

/** Exchange recognises no links: it shares folders of the person's own mailbox, chosen in the popup. */
export const exchangeLinks: LinkRules = {
  providerId: 'exchange',
  kinds: [],
  detectors: [],
  hostHints: [],
  matchPatterns: [],
};
