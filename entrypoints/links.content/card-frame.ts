import { browser } from 'wxt/browser';

const WIDTH = 360;
const INITIAL_HEIGHT = 120;
const MAX_HEIGHT = 480;
const GAP = 6;

/** Messages the card page posts to its parent window (our content script). */
export type CardFrameMessage = { sharelens: 'resize'; height: number } | { sharelens: 'close' };

/**
 * The hover card's frame: an extension page in an iframe, inside a closed shadow root. The page cannot
 * read the frame's document (another origin) nor find the frame by querying its own DOM. The frame's
 * URL carries only the link URL, which the page already has.
 */
export class CardFrame {
  readonly host: HTMLElement;
  private readonly iframe: HTMLIFrameElement;
  private anchorRect?: DOMRect;
  private height = INITIAL_HEIGHT;
  private visible = false;

  constructor(private readonly onClose: () => void) {
    this.host = document.createElement('sharelens-card');
    this.host.style.cssText = 'all: initial; position: fixed; z-index: 2147483647; display: none;';
    const root = this.host.attachShadow({ mode: 'closed' });
    this.iframe = document.createElement('iframe');
    this.iframe.title = 'ShareLens preview';
    this.iframe.setAttribute('allowtransparency', 'true');
    this.iframe.style.cssText = `border: 0; display: block; width: ${WIDTH}px; height: ${INITIAL_HEIGHT}px; color-scheme: normal; background: transparent; border-radius: 10px; box-shadow: 0 8px 28px rgba(0,0,0,.28);`;
    root.append(this.iframe);
    window.addEventListener('message', this.onMessage);
  }

  get isOpen(): boolean {
    return this.visible;
  }

  /** Shows the card for `url` next to `rect` (viewport coordinates of the link). */
  show(url: string, rect: DOMRect): void {
    if (!this.host.isConnected) document.documentElement.append(this.host);
    // Only the hash changes between links, so the card page stays loaded and just switches.
    const src = `${browser.runtime.getURL('/card.html')}#${encodeURIComponent(url)}`;
    if (this.iframe.src !== src) this.iframe.src = src;
    this.anchorRect = rect;
    this.visible = true;
    this.host.style.display = 'block';
    this.place();
  }

  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.host.style.display = 'none';
  }

  /** Moves the card with its link; returns false when the link left the viewport. */
  follow(rect: DOMRect): boolean {
    this.anchorRect = rect;
    const inView =
      rect.bottom > 0 && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth;
    if (inView) this.place();
    return inView;
  }

  focus(): void {
    this.iframe.focus();
  }

  destroy(): void {
    window.removeEventListener('message', this.onMessage);
    this.host.remove();
  }

  private place(): void {
    const rect = this.anchorRect;
    if (!rect) return;
    const viewportWidth = document.documentElement.clientWidth || window.innerWidth;
    const viewportHeight = window.innerHeight;
    const below = rect.bottom + GAP;
    const fitsBelow = below + this.height <= viewportHeight || rect.top - GAP - this.height < 0;
    const top = fitsBelow ? below : rect.top - GAP - this.height;
    const left = Math.max(GAP, Math.min(rect.left, viewportWidth - WIDTH - GAP));
    this.host.style.top = `${Math.max(GAP, top)}px`;
    this.host.style.left = `${left}px`;
  }

  private readonly onMessage = (event: MessageEvent): void => {
    // Only our card frame can be the source; the page cannot post as that window.
    if (event.source !== this.iframe.contentWindow) return;
    const data = event.data as Partial<CardFrameMessage> | null;
    if (data?.sharelens === 'resize' && typeof data.height === 'number' && Number.isFinite(data.height)) {
      this.height = Math.min(MAX_HEIGHT, Math.max(60, Math.ceil(data.height)));
      this.iframe.style.height = `${this.height}px`;
      this.place();
    } else if (data?.sharelens === 'close') {
      this.onClose();
    }
  };
}
