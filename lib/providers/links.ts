/**
 * The link half of the registry in `index.ts`: each provider's link rules, in the same order. The content
 * script imports this list instead of the registry so that it never bundles clients or schemas; a contract
 * test checks that both lists name the same providers.
 */
import { graphLinks } from './graph/links';

export const LINK_RULES = [graphLinks] as const;

/** A kind of share link some provider recognises: `ShareLink.provider`. */
export type LinkKind = (typeof LINK_RULES)[number]['kinds'][number];
