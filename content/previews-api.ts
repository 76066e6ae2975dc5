/**
 * What the every-page loader (entrypoints/content-loader.ts) and the previews it loads on demand
 * (entrypoints/link-previews.ts) agree on. Constants and types only: this file is part of the script that runs
 * on every page.
 */
import type { ModifierState } from '@/lib/hover-modifier';

/** Where the loaded previews leave their entry points: a global of the content scripts' isolated world. */
export const LINK_PREVIEWS_KEY = Symbol.for('sharelens.link-previews');
/**
 * The previews' script. Chrome: web-accessible with a per-session URL (`use_dynamic_url`), imported by the loader.
 * Firefox: run in the frame by the background on the loader's request (`content/load-previews`), as its store
 * review refuses a computed `import()`; it is not web-accessible there.
 */
export const LINK_PREVIEWS_PATH = '/link-previews.js';

/** Keys that move focus; focus counts as the person's intent only when one of them moved it (key-press.ts). */
export const NAVIGATION_KEYS = new Set([
  'Tab',
  'ArrowDown',
  'ArrowUp',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
]);

/**
 * What made the loader load the previews: the person pointed at a link (where, when — the event's `timeStamp` —
 * and the event, which says which modifier keys were held), or a navigation key moved focus to one (the key's event, to check later that the
 * page did not cancel it and move focus itself).
 */
export type PreviewTrigger =
  | { anchor: Element; by: 'pointer'; x: number; y: number; at: number; modifiers: ModifierState }
  | { anchor: Element; by: 'keyboard'; key: KeyboardEvent };

export interface StartOptions {
  trigger: PreviewTrigger;
}

export interface LinkPreviews {
  /** Attaches hover previews to this frame (as the site's settings allow) and handles `trigger`. */
  start(options: StartOptions): void;
}
