/**
 * Names of runtime ports. Kept apart from the message schemas so the pages that only connect do not
 * bundle zod.
 */

/** The card's port to the background: it watches one link's preview state. */
export const PREVIEW_PORT = 'preview';

/** The popup's port to the background: it resolves all links of a page together. */
export const LIST_PORT = 'list';
