import { NAVIGATION_KEYS } from './previews-api';

/**
 * The navigation key whose press is being handled right now, or undefined. The browser moves focus as the
 * key's default action, in the same task as its keydown; focus a page script moves later (`link.focus()` 20 ms
 * after the key) comes after this has cleared. Callers also check, once the hover delay is over, that the key
 * was not cancelled (`defaultPrevented`): a page that cancels a key and moves focus itself is not the person.
 */
export function trackKeyPress(doc: Document, signal: AbortSignal): () => KeyboardEvent | undefined {
  let current: KeyboardEvent | undefined;
  doc.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || !NAVIGATION_KEYS.has(event.key)) return;
      current = event;
      setTimeout(() => {
        if (current === event) current = undefined;
      }, 0);
    },
    { capture: true, passive: true, signal },
  );
  return () => current;
}
