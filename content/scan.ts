import { detectShareLink, mightBeShareLink, SHARE_LINK_SELECTOR } from '@/lib/links';
import { MAX_URL_LENGTH } from '@/lib/links/candidate';
import type { PageLinksAnswer } from '@/lib/messages';
import type { ShareLink } from '@/lib/model';
import { MAX_PAGE_ANCHORS, PAGE_TEXT_LIMIT } from '@/lib/page-links';

/** How long one slice of the scan may hold the main thread: well under a 16 ms frame. */
const SLICE_MS = 4;
/**
 * An http(s) URL with a lower-case host and only printable ASCII after it (no backslash, no space): the browser
 * would serialise it unchanged, so it can be used as written, without asking the browser to resolve it.
 */
const PLAIN_ABSOLUTE = /^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?][!-[\]-~]*)?$/;

/**
 * The absolute href of an anchor that may be a share link, or null: on an ordinary page, hrefs that mention a
 * share host (in any case); on a SharePoint or OneDrive page (`onShareSite`: its base URL is on a share host),
 * every href, as relative ones can be share links there.
 */
function candidateHref(anchor: Element, onShareSite: boolean): string | null {
  const raw = anchor.getAttribute('href');
  if (!raw || (!onShareSite && !mightBeShareLink(raw))) return null;
  const href = PLAIN_ABSOLUTE.test(raw) ? raw : (anchor as HTMLAnchorElement).href;
  return typeof href === 'string' && href.length <= MAX_URL_LENGTH ? href : null;
}

/** The share link an anchor points to, or null: for the one anchor under the pointer or focus. */
export function classifyAnchor(anchor: Element): ShareLink | null {
  const href = candidateHref(anchor, mightBeShareLink(anchor.baseURI));
  return href ? detectShareLink(href) : null;
}

interface TaskScheduler {
  postTask(callback: () => void, options?: { priority?: 'user-visible' }): unknown;
}

/** A new task, so the page can render and handle input between slices (`postTask` has no 4 ms clamp). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  return new Promise((resolve) => {
    if (scheduler?.postTask) scheduler.postTask(resolve, { priority: 'user-visible' });
    else setTimeout(resolve, 0);
  });
}

/** The documents and shadow roots to look into: open shadow roots, and frames of the same origin (about:blank too). */
type Root = Document | ShadowRoot;

/**
 * Elements that may host a shadow root: custom elements and the few built-in ones `attachShadow` allows. CSS
 * cannot select custom elements (any name with a hyphen), so this leaves out the most common elements that
 * never host one; the browser skips them without running script.
 */
const MAYBE_SHADOW_HOST =
  ':not(a,li,ul,ol,dl,dt,dd,table,thead,tbody,tr,td,th,img,br,hr,i,b,em,strong,small,code,pre,option,input,button,label,script,style,link,meta,svg,path,g,use)';
const FRAMES = 'iframe,frame';

type Anchor = PageLinksAnswer['anchors'][number];

/**
 * The page's links that may be share links, each href once, absolute, with its text: the links whose href
 * mentions a share host in any case, and on a SharePoint or OneDrive page every link (relative hrefs can be
 * share links there). It looks into open shadow roots and into frames whose document this script may read
 * (same origin, about:blank, srcdoc); closed shadow roots and cross-origin frames stay out of reach. Which of
 * them are share links the popup decides, off the page's main thread.
 *
 * Touching an element from script costs far more than letting a selector pass over it, so CSS picks the
 * candidates. The work on them is cut into slices of a few milliseconds, so even a page of tens of
 * thousands of links never stalls.
 */
export async function scanPageLinks(doc: Document = document): Promise<Anchor[]> {
  const found = new Map<string, Anchor>();
  const roots: Root[] = [doc];
  let sliceEnd = performance.now() + SLICE_MS;
  /** Every 32 or 64 elements, and between queries: yields when this slice's time is up. */
  const pace = async () => {
    if (performance.now() <= sliceEnd) return;
    await nextTask();
    sliceEnd = performance.now() + SLICE_MS;
  };

  for (let r = 0; r < roots.length && found.size < MAX_PAGE_ANCHORS; r++) {
    const root = roots[r] as Root;
    const onShareSite = mightBeShareLink(root.baseURI);
    const candidates = root.querySelectorAll(`${onShareSite ? 'a[href]' : SHARE_LINK_SELECTOR},${FRAMES}`);
    for (let i = 0; i < candidates.length && found.size < MAX_PAGE_ANCHORS; i++) {
      if ((i & 31) === 31) await pace();
      const element = candidates[i] as Element;
      if (element.localName !== 'a') {
        const inner = readableDocument(element as HTMLIFrameElement);
        if (inner) roots.push(inner);
        continue;
      }
      const href = candidateHref(element, onShareSite);
      if (href === null || found.has(href)) continue;
      const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, PAGE_TEXT_LIMIT);
      found.set(href, { href, text });
    }
    await pace();
    const hosts = root.querySelectorAll(MAYBE_SHADOW_HOST);
    for (let i = 0; i < hosts.length; i++) {
      if ((i & 63) === 63) await pace();
      const shadow = (hosts[i] as Element).shadowRoot;
      if (shadow) roots.push(shadow);
    }
  }
  return [...found.values()];
}

function readableDocument(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument; // null for a frame of another origin
  } catch {
    return null;
  }
}
