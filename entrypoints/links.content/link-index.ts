import { detectShareLink, mightBeShareLink } from '@/lib/links';
import type { PageLink } from '@/lib/messages';
import type { ShareLink } from '@/lib/model';

/** How long one slice of work may hold the main thread: well under a 16 ms frame. */
const SLICE_MS = 6;
const TEXT_LIMIT = 120;
/**
 * An http(s) URL with a lower-case host and only printable ASCII after it (no backslash, no space): the browser
 * would serialise it unchanged, so it can be used as written.
 */
const PLAIN_ABSOLUTE = /^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?][!-[\]-~]*)?$/;

/**
 * Knows which anchors on the page are share links. The first scan runs in short slices so a page with
 * thousands of links never stalls; a MutationObserver keeps it current. Only hrefs are read, and most
 * are rejected by a string test without parsing a URL.
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

  constructor(private readonly doc: Document = document) {
    this.resolveRelative = mightBeShareLink(doc.location?.href ?? '');
  }

  /** Classifies one anchor without storing it. */
  classify(anchor: HTMLAnchorElement): ShareLink | null {
    const raw = anchor.getAttribute('href');
    if (!raw || (!this.resolveRelative && !mightBeShareLink(raw))) return null;
    // An absolute ASCII href is already what `anchor.href` would give; skip the browser's URL resolution.
    return detectShareLink(PLAIN_ABSOLUTE.test(raw) ? raw : anchor.href);
  }

  start(): void {
    this.enqueue(this.doc.getElementsByTagName('a'));
    this.observer = new MutationObserver((records) => this.onMutations(records));
    this.observer.observe(this.doc.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['href'],
    });
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

  private onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target instanceof HTMLAnchorElement) this.pending.push(record.target);
        continue;
      }
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        const element = node as Element;
        if (element instanceof HTMLAnchorElement) this.pending.push(element);
        else if (element.firstElementChild) this.enqueue(element.getElementsByTagName('a'));
      }
    }
    this.schedule();
  }

  private enqueue(anchors: HTMLCollectionOf<HTMLAnchorElement>): void {
    for (let i = 0; i < anchors.length; i++) this.pending.push(anchors[i] as HTMLAnchorElement);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.head >= this.pending.length) return;
    this.scheduled = true;
    setTimeout(() => this.work(), 0);
  }

  private work(): void {
    const deadline = performance.now() + SLICE_MS;
    const pending = this.pending;
    let i = this.head;
    while (i < pending.length) {
      const end = Math.min(i + 64, pending.length);
      for (; i < end; i++) {
        const anchor = pending[i] as HTMLAnchorElement;
        const link = this.classify(anchor);
        if (link) this.links.set(anchor, link);
        else this.links.delete(anchor);
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
