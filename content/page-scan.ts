/**
 * The popup's scan of a page. `scripting.executeScript` sends {@link scanPageLinks} to the tab as source, so it
 * runs in the content scripts' isolated world without the page having loaded anything for it, and it uses
 * nothing from outside its own body: every helper is declared inside it, every constant comes in `options`
 * ({@link PAGE_SCAN_OPTIONS}).
 */
import { HOST_HINTS, SHARE_HOST_HINT, SHARE_HOST_HINT_PREFIX } from '@/lib/links';
import { MAX_URL_LENGTH } from '@/lib/links/candidate';
import type { PageLinksAnswer } from '@/lib/messages';
import { MAX_PAGE_ANCHORS, PAGE_TEXT_LIMIT } from '@/lib/page-links';

export interface PageScanOptions {
  /** Source of a case-insensitive pattern true for hrefs that mention a share host (`SHARE_HOST_HINT`). */
  hostHint: string;
  /** What every such href contains, in some case: the share hosts' names (`HOST_HINTS`). */
  hostNames: readonly string[];
  /** Longest href kept (`MAX_URL_LENGTH`). */
  maxUrlLength: number;
  /** How many candidates at most (`MAX_PAGE_ANCHORS`). */
  maxAnchors: number;
  /** How much of each link's text is kept (`PAGE_TEXT_LIMIT`). */
  textLimit: number;
  /** How long one slice of the scan may hold the page's main thread. */
  sliceMs: number;
}

export const PAGE_SCAN_OPTIONS: PageScanOptions = {
  hostHint: SHARE_HOST_HINT.source,
  hostNames: HOST_HINTS,
  maxUrlLength: MAX_URL_LENGTH,
  maxAnchors: MAX_PAGE_ANCHORS,
  textLimit: PAGE_TEXT_LIMIT,
  // Well under a 16 ms frame, and under half the 8 ms a task may take before the page feels it: a slice also
  // pays for what the browser does inside it (garbage collection, the first compile), which it cannot see coming.
  sliceMs: 3,
};

/**
 * {@link PAGE_SCAN_OPTIONS} that also look for links on the person's configured servers (`host[:port]`, from
 * `configuredHosts`): their hosts join the CSS selector and the host pattern.
 */
export function pageScanOptions(configuredHosts: readonly string[]): PageScanOptions {
  if (configuredHosts.length === 0) return PAGE_SCAN_OPTIONS;
  const hosts = configuredHosts.map((host) => host.toLowerCase());
  const escapeHost = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    ...PAGE_SCAN_OPTIONS,
    hostHint: `${SHARE_HOST_HINT_PREFIX}(?:${[...HOST_HINTS, ...hosts].map(escapeHost).join('|')})`,
    hostNames: [...HOST_HINTS, ...hosts],
  };
}

/**
 * The page's links that may be share links, each href once, absolute, with its text: the links whose href
 * mentions a share host in any case, and on a SharePoint or OneDrive page every link (relative hrefs can be
 * share links there); and the page's address. It looks into open shadow roots and into frames whose document
 * this script may read (same origin, about:blank, srcdoc); closed shadow roots and cross-origin frames stay out
 * of reach. Which candidates are share links the popup decides, off the page's main thread.
 *
 * The answer is a {@link PageLinksAnswer} as JSON: the browser hands one string back to the extension far
 * faster than a thousand small objects (measured: about 20 ms of the page's main thread for 1,000 links).
 *
 * The work is cut into slices of `sliceMs`, so even a page of tens of thousands of links never stalls.
 */
export async function scanPageLinks(options: PageScanOptions, doc: Document = document): Promise<string> {
  const hint = new RegExp(options.hostHint, 'i');
  /**
   * An http(s) URL with a lower-case host and only printable ASCII after it (no backslash, no space): the
   * browser would serialise it unchanged, so it is used as written, without asking the browser to resolve it.
   */
  const plainAbsolute = /^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?][!-[\]-~]*)?$/;
  /**
   * Elements that may host a shadow root: custom elements and the few built-in ones `attachShadow` allows. CSS
   * cannot select custom elements (any name with a hyphen), so this leaves out the most common elements that
   * never host one; the browser skips them without running script.
   */
  const maybeShadowHost =
    ':not(a,li,ul,ol,dl,dt,dd,table,thead,tbody,tr,td,th,img,br,hr,i,b,em,strong,small,code,pre,option,input,button,label,script,style,link,meta,svg,path,g,use,iframe,frame)';

  interface TaskScheduler {
    postTask(callback: () => void, options?: { priority?: 'user-visible' }): unknown;
  }
  /** A new task, so the page can render and handle input between slices (`postTask` has no 4 ms clamp). */
  const nextTask = () =>
    new Promise<void>((resolve) => {
      const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
      if (scheduler?.postTask) scheduler.postTask(resolve, { priority: 'user-visible' });
      else setTimeout(resolve, 0);
    });
  let sliceEnd = performance.now() + options.sliceMs;
  /** Called every few dozen elements: yields when this slice's time is up. */
  const pace = async () => {
    if (performance.now() <= sliceEnd) return;
    await nextTask();
    sliceEnd = performance.now() + options.sliceMs;
  };
  const readable = (frame: HTMLIFrameElement): Document | null => {
    try {
      return frame.contentDocument; // null for a frame of another origin
    } catch {
      return null;
    }
  };

  // The task that runs this script also compiles it: the scan itself starts in a task of its own.
  await nextTask();
  sliceEnd = performance.now() + options.sliceMs;

  const found = new Map<string, { href: string; text: string }>();
  /** Keeps `anchor` when it may be a share link. */
  const consider = (anchor: Element, onShareSite: boolean) => {
    const raw = anchor.getAttribute('href');
    if (!raw || (!onShareSite && !hint.test(raw))) return;
    const href = plainAbsolute.test(raw) ? raw : (anchor as HTMLAnchorElement).href;
    if (typeof href !== 'string' || href.length > options.maxUrlLength || found.has(href)) return;
    const text = (anchor.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, options.textLimit);
    found.set(href, { href, text });
  };

  const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
  const names = (flag: string) => options.hostNames.map((name) => `[href*=${quote(name)}${flag}]`).join(',');
  /**
   * Links naming a share host as it is usually written (lower case), and, apart, those that name one in any other
   * case. A case-insensitive test costs several times a case-sensitive one (measured), and a selector cannot be
   * cut into slices: two smaller ones leave each task shorter. `://` first: most of a page's links are relative.
   */
  const lowerCase = `a[href*="://"]:is(${names('')})`;
  const otherCase = `a[href*="://"]:not(${names('')}):is(${names(' i')})`;
  const anyCase = `a[href*="://"]:is(${names(' i')})`;
  /** Up to this many links with capitals are put in their place one by one; more, and one query orders them all. */
  const fewCapitals = 16;
  /** Where `anchor` goes among `sorted` (in document order), found in a few comparisons. */
  const positionIn = (sorted: NodeListOf<Element>, anchor: Element) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const follows =
        (sorted[middle] as Element).compareDocumentPosition(anchor) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (follows) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const roots: Array<Document | ShadowRoot> = [doc];
  for (let r = 0; r < roots.length && found.size < options.maxAnchors; r++) {
    const root = roots[r] as Document | ShadowRoot;
    const onShareSite = hint.test(root.baseURI);
    // CSS picks the candidates: the browser skips ordinary links without creating a script object for each
    // (that is most of the cost of looking at a link). Each query starts a new task if the slice is over.
    let anchors = root.querySelectorAll(onShareSite ? 'a[href]' : lowerCase);
    await pace();
    // The few links written with capitals in their host go where they stand in the page (each position costs the
    // browser a walk along the siblings, so only a few are placed this way).
    const capitals = onShareSite ? [] : [...root.querySelectorAll(otherCase)];
    await pace();
    if (capitals.length > fewCapitals) {
      anchors = root.querySelectorAll(anyCase);
      capitals.length = 0;
      await pace();
    }
    const before = new Map<number, Element[]>();
    for (const anchor of capitals) {
      const at = positionIn(anchors, anchor);
      before.set(at, [...(before.get(at) ?? []), anchor]);
      await pace();
    }
    for (let i = 0; i <= anchors.length && found.size < options.maxAnchors; i++) {
      if ((i & 15) === 15) await pace();
      for (const anchor of before.get(i) ?? []) consider(anchor, onShareSite);
      if (i < anchors.length) consider(anchors[i] as Element, onShareSite);
    }
    await pace();
    for (const frame of root.querySelectorAll('iframe,frame')) {
      const inner = readable(frame as HTMLIFrameElement);
      if (inner) roots.push(inner);
    }
    const hosts = root.querySelectorAll(maybeShadowHost);
    await pace();
    for (let i = 0; i < hosts.length; i++) {
      if ((i & 63) === 63) await pace();
      const shadow = (hosts[i] as Element).shadowRoot;
      if (shadow) roots.push(shadow);
    }
  }
  await pace();
  const answer: PageLinksAnswer = { anchors: [...found.values()], pageUrl: doc.location?.href ?? doc.URL };
  return JSON.stringify(answer);
}
