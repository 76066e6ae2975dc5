/**
 * Limits of the content script's answer to the popup's `page/links` (lib/messages.ts), in a module of their own:
 * the content script uses them and must not load zod.
 */

/** How much of a link's text the popup shows; the content script shortens it to this. */
export const PAGE_TEXT_LIMIT = 120;
/** More candidate links than any page has (a page of 10,000 SharePoint links is 10,000 candidates). */
export const MAX_PAGE_ANCHORS = 50_000;
