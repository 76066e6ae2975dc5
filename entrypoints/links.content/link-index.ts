import { detectShareLink, mightBeShareLink, SHARE_LINK_SELECTOR } from '@/lib/links';
import type { PageLink } from '@/lib/messages';
import type { ShareLink } from '@/lib/model';

/** How long one slice of work may hold the main thread: well under a 16 ms frame. */
const SLICE_MS = 8;

interface TaskScheduler {
  postTask(
    callback: () => void,
    options?: { priority?: 'user-blocking' | 'user-visible' | 'background' },
  ): unknown;
}

/**
 * Runs `callback` in a new task, letting the page render and handle input first. `scheduler.postTask`
 * (Chromium, Firefox 142) has no minimum delay; nested `setTimeout`s are clamped to 4 ms.
 */
function yieldThen(callback: () => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (scheduler?.postTask) scheduler.postTask(callback, { priority: 'user-visible' });
  else setTimeout(callback, 0);
}
const TEXT_LIMIT = 120;
/**
 * An http(s) URL with a lower-case host and only printable ASCII after it (no backslash, no space): the browser
 * would serialise it unchanged, so it can be used as written.
 */
const PLAIN_ABSOLUTE = /^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?][!-[\]-~]*)?$/;

/**
 * Knows which anchors on the page are share links. A CSS selector lets the browser skip ordinary links
 * without running script for them; the rest are classified in slices of a few milliseconds, so a page with
 * thousands of links never stalls, and a MutationObserver keeps the index current.
 */
export class LinkIndex {
  readonly links = new Map<HTMLAnchorElement, ShareLink>();
  private pending: HTMLAnchorElement[] = [];
  /** Index of the next pending anchor; the queue is emptied in one go once it is drained. */
  private head = 0;
  private scheduled = false;
  private observer?: MutationObserver;
  private idleWaiters: Array<() => void> = [];
  /** On a SharePoint or OneDrive page, relative hrefs can be share links too, so every href is resolved. */
  private readonly resolveRelative: boolean;

  /**
   * Anchors worth a look as the page loads and changes: lower-case share hosts, which is what real links
   * use. {@link listAll} catches the rest, and a hover classifies any anchor it lands on.
   */
  private readonly selector: string;

  constructor(private readonly doc: Document = document) {
    this.resolveRelative = mightBeShareLink(doc.location?.href ?? '');
    this.selector = this.resolveRelative ? 'a[href]' : SHARE_LINK_SELECTOR;
  }

  /** Classifies one anchor without storing it. */
  classify(anchor: HTMLAnchorElement): ShareLink | null {
    const raw = anchor.getAttribute('href');
    if (!raw || (!this.resolveRelative && !mightBeShareLink(raw))) return null;
    // An absolute ASCII href is already what `anchor.href` would give; skip the browser's URL resolution.
    return detectShareLink(PLAIN_ABSOLUTE.test(raw) ? raw : anchor.href);
  }

  start(): void {
    const began = performance.now();
    this.enqueue(this.doc.querySelectorAll(this.selector));
    this.observer = new MutationObserver((records) => this.onMutations(records));
    this.observer.observe(this.doc.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['href'],
    });
    // The first slice runs now (the query above counts towards it): on most pages it is all there is,
    // and waiting for a task costs a frame.
    this.work(began + SLICE_MS);
  }

  stop(): void {
    this.observer?.disconnect();
    this.pending = [];
    this.head = 0;
  }

  /** Resolves once every anchor seen so far has been classified. */
  whenIdle(): Promise<void> {
    if (!this.scheduled && this.head >= this.pending.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Share links on the page now, one per canonical URL, in document order of their first appearance. */
  list(): PageLink[] {
    const seen = new Map<string, PageLink>();
    for (const [anchor, link] of this.links) {
      if (!anchor.isConnected) {
        this.links.delete(anchor);
        continue;
      }
      if (seen.has(link.url)) continue;
      const text = (anchor.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, TEXT_LIMIT);
      seen.set(link.url, { url: link.url, provider: link.provider, text });
    }
    return [...seen.values()];
  }

  /** Like {@link list}, after also checking links the selector skips (hosts in capitals): for the popup. */
  listAll(): PageLink[] {
    if (!this.resolveRelative) {
      for (const anchor of this.doc.querySelectorAll<HTMLAnchorElement>(`a[href]:not(${this.selector})`)) {
        const link = this.classify(anchor);
        if (link) this.links.set(anchor, link);
      }
    }
    return this.list();
  }

  private onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'attributes') {
        // A changed href: classify now (rare), so a link that stopped being a share link is dropped.
        const anchor = record.target;
        if (!(anchor instanceof HTMLAnchorElement)) continue;
        const link = this.classify(anchor);
        if (link) this.links.set(anchor, link);
        else this.links.delete(anchor);
        continue;
      }
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        const element = node as Element;
        if (element instanceof HTMLAnchorElement) {
          if (element.matches(this.selector)) this.pending.push(element);
        } else if (element.firstElementChild) {
          this.enqueue(element.querySelectorAll(this.selector));
        }
      }
    }
    this.schedule();
  }

  private enqueue(anchors: NodeListOf<Element>): void {
    for (let i = 0; i < anchors.length; i++) this.pending.push(anchors[i] as HTMLAnchorElement);
  }

  private schedule(): void {
    if (this.scheduled || this.head >= this.pending.length) return;
    this.scheduled = true;
    yieldThen(() => this.work());
  }

  private work(deadline = performance.now() + SLICE_MS): void {
    const pending = this.pending;
    let i = this.head;
    while (i < pending.length) {
      const end = Math.min(i + 64, pending.length);
      for (; i < end; i++) {
        const anchor = pending[i] as HTMLAnchorElement;
        // Most anchors are not share links; only matches touch the map (hashing a DOM object is not free).
        const link = this.classify(anchor);
        if (link) this.links.set(anchor, link);
      }
      if (performance.now() > deadline) break;
    }
    this.scheduled = false;
    if (i < pending.length) {
      this.head = i;
      this.schedule();
      return;
    }
    this.pending = [];
    this.head = 0;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
