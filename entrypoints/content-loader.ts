/**
 * The content script: what runs on every page, in every frame (declared in wxt.config.ts). Three event
 * listeners, and in the top frame a message listener for the popup; no scan, no observer, no message sent, no
 * settings read. The previews themselves (link detection, the hover controller, the card frame, the popup's
 * scan) are `link-previews.js`, loaded the first time the person points at a link or moves to one from the
 * keyboard, or when the popup asks for the page's links.
 *
 * Built as a plain script rather than a WXT content script: WXT's content-script context costs several times
 * this script, and announces the extension's id to the page (a `CustomEvent` and a `postMessage` carrying it).
 * `wxt/browser` is the plain `browser ?? chrome` namespace here (see wxt.config.ts).
 */
import { browser } from 'wxt/browser';
import { isPageToContent } from '@/content/guards';
import {
  LINK_PREVIEWS_KEY,
  type LinkPreviews,
  NAVIGATION_KEYS,
  type PreviewTrigger,
} from '@/content/previews-api';

export default defineUnlistedScript(() => {
  let loading: Promise<LinkPreviews | undefined> | undefined;
  /** Loads the previews once. The URL is per browser session (`use_dynamic_url`), so pages cannot probe it. */
  const load = () => {
    loading ??= import(/* @vite-ignore */ browser.runtime.getURL('/link-previews.js')).then(
      () => (globalThis as Record<symbol, LinkPreviews | undefined>)[LINK_PREVIEWS_KEY],
      () => undefined, // the extension was updated or removed under this page
    );
    return loading;
  };

  /** Aborted when the previews take over the page's events. */
  const listeners = new AbortController();
  let lastNavigationKeyAt = Number.NEGATIVE_INFINITY;

  const begin = (trigger: PreviewTrigger) => {
    if (listeners.signal.aborted) return;
    listeners.abort();
    void load().then((previews) => previews?.start({ trigger, lastNavigationKeyAt }));
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
      if (anchor) begin({ anchor, by: 'pointer' });
    },
    options,
  );
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.isTrusted && NAVIGATION_KEYS.has(event.key)) lastNavigationKeyAt = performance.now();
    },
    options,
  );
  document.addEventListener(
    'focusin',
    (event) => {
      const anchor = event.isTrusted ? anchorOf(event) : null;
      if (anchor) begin({ anchor, by: 'keyboard' });
    },
    options,
  );

  // The popup asks the top frame only; its scan reaches into same-origin frames and open shadow roots.
  if (window !== window.top) return;
  browser.runtime.onMessage.addListener(
    (message: unknown, sender: { id?: string }, reply: (answer: unknown) => void) => {
      if (sender.id !== browser.runtime.id || !isPageToContent(message)) return undefined;
      load()
        .then((previews) => previews?.listLinks())
        .then(reply, () => reply(undefined));
      return true; // answers asynchronously, through `reply`
    },
  );
});
