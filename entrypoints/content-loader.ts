/**
 * The content script: what runs on every page, in every frame (declared in wxt.config.ts). Three event
 * listeners (pointer over a link, focus on one, which key is being pressed) and nothing else: no scan, no
 * observer, no message, no settings read, not even a look at the extension API (making `chrome.runtime` alone
 * costs a page more than the listeners). The previews themselves
 * (link detection, the hover controller, the card frame) are `link-previews.js`, loaded the first time the
 * person points at a link or moves to one from the keyboard. The popup runs its scan in this same isolated
 * world through `scripting.executeScript` (entrypoints/popup/tab-links.ts), so no listener waits for it here.
 *
 * Built as a plain script rather than a WXT content script: WXT's content-script context costs several times
 * this script, and announces the extension's id to the page (a `CustomEvent` and a `postMessage` carrying it).
 */
import { trackKeyPress } from '@/content/key-press';
import {
  LINK_PREVIEWS_KEY,
  LINK_PREVIEWS_PATH,
  type LinkPreviews,
  type PreviewTrigger,
} from '@/content/previews-api';

export default defineUnlistedScript(() => {
  let loading: Promise<LinkPreviews | undefined> | undefined;
  /**
   * Loads the previews once. Chrome: imported from a per-session URL (`use_dynamic_url`), so pages cannot probe
   * it. Firefox: the background runs it in this frame (see LINK_PREVIEWS_PATH).
   */
  const load = () => {
    if (loading) return loading;
    const { runtime } = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
    const loaded = import.meta.env.FIREFOX
      ? runtime.sendMessage({ type: 'content/load-previews' })
      : import(/* @vite-ignore */ runtime.getURL(LINK_PREVIEWS_PATH));
    loading = loaded.then(
      () => (globalThis as Record<symbol, LinkPreviews | undefined>)[LINK_PREVIEWS_KEY],
      () => undefined, // the extension was updated or removed under this page
    );
    return loading;
  };

  /** Aborted when the previews take over the page's events. */
  const listeners = new AbortController();
  const keyPress = trackKeyPress(document, listeners.signal);

  const begin = (trigger: PreviewTrigger) => {
    if (listeners.signal.aborted) return;
    listeners.abort();
    void load().then((previews) => previews?.start({ trigger }));
  };
  const anchorOf = (event: Event) => {
    const target = event.composedPath()[0];
    return target instanceof Element ? target.closest('a[href]') : null;
  };

  const options = { capture: true, passive: true, signal: listeners.signal };
  document.addEventListener(
    'pointerover',
    (event) => {
      const anchor = event.isTrusted ? anchorOf(event) : null;
      if (anchor)
        begin({
          anchor,
          by: 'pointer',
          x: event.clientX,
          y: event.clientY,
          at: event.timeStamp,
          modifiers: event,
        });
    },
    options,
  );
  document.addEventListener(
    'focusin',
    (event) => {
      // Only focus the person's key press moved: see trackKeyPress.
      const key = event.isTrusted ? keyPress() : undefined;
      const anchor = key ? anchorOf(event) : null;
      if (anchor && key) begin({ anchor, by: 'keyboard', key });
    },
    options,
  );
});
