import { browser } from 'wxt/browser';
import { isCardFrameMessage } from '@/lib/guards';
import { t } from '@/lib/i18n';
import type { FrameToCardMessage } from '@/lib/messages';

const WIDTH = 360;
/**
 * One size for every answer, the content scrolling inside: a page can hit-test its own area and would learn
 * from the card's height whether the person has access, and to a file or a folder.
 */
const HEIGHT = 300;
const GAP = 6;
/** The host's own style: out of the page's flow and styles, on top, no size of its own. */
const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  'z-index': '2147483647',
  display: 'none',
  width: '0',
  height: '0',
  overflow: 'visible',
  opacity: '1',
  visibility: 'visible',
};

/**
 * The hover card's frame: an extension page in an iframe, inside a closed shadow root. The page cannot
 * read the frame's document (another origin) nor find the frame by querying its own DOM. The frame's URL
 * carries only the link URL, which the page already has, and a key of this frame's, which it does not: the card
 * takes its channel only from a `connect` that names that key. A page cannot list the frame (`window.frames`
 * leaves out frames in shadow trees), and one that got hold of it anyway would post with the same `event.source`
 * as this script: without the key it still cannot hand the card a channel of its own.
 *
 * This script and the card talk ("show", "hide"; back "close", "pin") over a MessageChannel whose other end only the
 * two of them hold: `window.postMessage` would hand every such message to the page's listeners too. The host
 * has no size and the frame one size for every answer, so the page cannot learn the answer from the layout.
 */
export class CardFrame {
  readonly host: HTMLElement;
  private readonly iframe: HTMLIFrameElement;
  private channel?: MessageChannel;
  private anchorRect?: DOMRect;
  private visible = false;
  /** This frame's secret: in the card's address and in each `connect` (see the class comment). */
  private readonly key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join(''); // not randomUUID: it exists in secure contexts only, and pages may be plain http

  /**
   * `doc`: the document the card is drawn in (the top page's, for a link inside a frame of the same origin).
   * `events`: what the card asked for (its Close, Esc inside it; its Pin toggle), over the private channel only.
   */
  constructor(
    private readonly doc: Document,
    private readonly events: { close(): void; leave(): void; pin(pinned: boolean): void },
  ) {
    this.host = doc.createElement('sharelens-card');
    // Every declaration !important, inline: a page's own `!important` rules lose to these, so page CSS can
    // neither hide the card nor restyle it (inline important beats author important in the cascade).
    for (const [property, value] of Object.entries(HOST_STYLE)) this.setHostStyle(property, value);
    const root = this.host.attachShadow({ mode: 'closed' });
    this.iframe = doc.createElement('iframe');
    this.iframe.title = t('cardPageTitle');
    this.iframe.setAttribute('allowtransparency', 'true');
    this.iframe.style.cssText = `position: absolute; top: 0; left: 0; border: 0; display: block; width: ${WIDTH}px; height: ${HEIGHT}px; color-scheme: normal; background: transparent; border-radius: 10px; box-shadow: 0 8px 28px rgba(0,0,0,.28);`;
    // Each load of the card page gets a fresh channel; the old one is closed. Firefox also fires `load` for the
    // empty about:blank document as the frame is inserted: that document is the page's own, so it gets no channel
    // (the card would never be loaded, and the page would hold the card's port).
    this.iframe.addEventListener('load', () => {
      if (this.iframe.src) this.connect();
    });
    root.append(this.iframe);
  }

  get isOpen(): boolean {
    return this.visible;
  }

  /** Shows the card for `url` next to `rect` (the link's box, in the viewport of the card's document). */
  show(url: string, rect: DOMRect): void {
    if (!this.host.isConnected) this.doc.documentElement.append(this.host);
    // Once the card page has loaded, it is told over the channel: a new address would load it again.
    if (this.channel) this.tell({ type: 'show', url });
    else this.iframe.src = `${browser.runtime.getURL('/card.html')}#${this.key}:${encodeURIComponent(url)}`;
    this.anchorRect = rect;
    this.visible = true;
    this.setHostStyle('display', 'block');
    this.place();
  }

  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.setHostStyle('display', 'none');
    // Blank the card, so the next link never shows the previous item for a moment.
    if (this.channel) this.tell({ type: 'hide' });
    else if (this.iframe.src) this.iframe.src = `${browser.runtime.getURL('/card.html')}#${this.key}:`;
  }

  /** Moves the card with its link; returns false when the link left the viewport. */
  follow(rect: DOMRect): boolean {
    this.anchorRect = rect;
    const view = this.doc.defaultView;
    const inView =
      view !== null &&
      rect.bottom > 0 &&
      rect.top < view.innerHeight &&
      rect.right > 0 &&
      rect.left < view.innerWidth;
    if (inView) this.place();
    return inView;
  }

  focus(): void {
    this.iframe.focus();
  }

  destroy(): void {
    this.channel?.port1.close();
    this.host.remove();
  }

  private connect(): void {
    this.channel?.port1.close();
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => this.onCardMessage(event.data);
    // Sent to the card's window only; the page never sees this message or the port.
    this.iframe.contentWindow?.postMessage({ sharelens: 'connect', key: this.key }, '*', [channel.port2]);
    this.channel = channel;
  }

  /**
   * Below the link when a full-height card fits there or there is more room below, else above it. The
   * decision and the host's position never depend on the card's actual height: above the link, the frame
   * hangs from the host's bottom edge instead.
   */
  private place(): void {
    const rect = this.anchorRect;
    if (!rect) return;
    const view = this.doc.defaultView;
    if (!view) return;
    const viewportWidth = this.doc.documentElement.clientWidth || view.innerWidth;
    const viewportHeight = view.innerHeight;
    const below = rect.bottom + GAP + HEIGHT <= viewportHeight || rect.top < viewportHeight - rect.bottom;
    const left = Math.max(GAP, Math.min(rect.left, viewportWidth - WIDTH - GAP));
    this.setHostStyle('top', `${below ? rect.bottom + GAP : rect.top - GAP}px`);
    this.setHostStyle('left', `${left}px`);
    this.iframe.style.top = below ? '0' : 'auto';
    this.iframe.style.bottom = below ? 'auto' : '0';
  }

  private tell(message: FrameToCardMessage): void {
    this.channel?.port1.postMessage(message);
  }

  private setHostStyle(property: string, value: string): void {
    this.host.style.setProperty(property, value, 'important');
  }

  /**
   * Only the card holds the other end of this channel (port2 went to its window alone), so a page cannot pin,
   * unpin or close the card by posting messages: it has no port to post them on.
   */
  private onCardMessage(data: unknown): void {
    if (!isCardFrameMessage(data)) return;
    if (data.type === 'close') this.events.close();
    else if (data.type === 'leave') this.events.leave();
    else this.events.pin(data.pinned);
  }
}
