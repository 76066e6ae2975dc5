/**
 * Whether the person can see a link where the intent happened: a page can lay an invisible link over what looks
 * like blank page (a full-viewport anchor at `opacity: 0` catches every trusted pointer move), and a hover over
 * it must not count as the person's intent.
 */

/** A link fainter than this is not something the person can be said to see and point at on purpose. */
const MIN_OPACITY = 0.25;
/** Smaller than this on either side, a link is not there to be seen. */
const MIN_SIZE_PX = 2;

/** The parent in the flat tree: out of a shadow root to its host. */
function parentOf(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  const root = element.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** Its own opacity times every ancestor's: what is left of it on screen. */
function effectiveOpacity(element: Element): number {
  let opacity = 1;
  for (let each: Element | null = element; each && opacity >= MIN_OPACITY; each = parentOf(each)) {
    const value = Number.parseFloat(getComputedStyle(each).opacity);
    opacity *= Number.isFinite(value) ? value : 1;
  }
  return opacity;
}

/**
 * True when `anchor` has a size, is neither hidden nor (nearly) transparent, and is what is on top at `point`
 * (viewport coordinates of the pointer; for keyboard focus, the link's centre). Covered links, and links under
 * something the page put over them, do not count.
 */
export function isVisibleLink(anchor: Element, point?: { x: number; y: number }): boolean {
  const rect = anchor.getBoundingClientRect();
  if (rect.width < MIN_SIZE_PX || rect.height < MIN_SIZE_PX) return false;
  if (getComputedStyle(anchor).visibility !== 'visible') return false;
  if (effectiveOpacity(anchor) < MIN_OPACITY) return false;
  const x = point?.x ?? rect.left + rect.width / 2;
  const y = point?.y ?? rect.top + rect.height / 2;
  const root = anchor.getRootNode() as Document | ShadowRoot;
  const top = root.elementFromPoint?.(x, y) ?? null;
  return top !== null && (top === anchor || anchor.contains(top));
}
