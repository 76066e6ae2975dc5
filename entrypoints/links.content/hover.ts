import type { ShareLink } from '@/lib/model';
import { CardFrame } from './card-frame';

/** How long the card stays after the pointer leaves link and card, so it can be reached. */
const HIDE_DELAY_MS = 300;

export interface HoverOptions {
  delayMs: number;
  classify(anchor: HTMLAnchorElement): ShareLink | null;
  /** Tells the background about the intent; resolves true when the card may open. */
  reportIntent(url: string): Promise<boolean>;
}

/**
 * Opens the card after a hover or keyboard focus that lasts `delayMs` on a share link; nothing is sent
 * before that. Events a page script dispatches (isTrusted false) are ignored. Closes on Esc, when the
 * pointer leaves link and card, when focus leaves both, and when the link scrolls out of view.
 */
export class HoverController {
  private readonly card: CardFrame;
  private pending?: { anchor: HTMLAnchorElement; timer: number };
  private current?: HTMLAnchorElement;
  private hideTimer?: number;

  constructor(private readonly options: HoverOptions) {
    this.card = new CardFrame(() => this.close(true));
  }

  attach(signal: AbortSignal): void {
    const opts = { capture: true, passive: true, signal };
    document.addEventListener('mouseover', (event) => this.onOver(event), opts);
    document.addEventListener('mouseout', (event) => this.onOut(event), opts);
    document.addEventListener('focusin', (event) => this.onFocusIn(event), opts);
    document.addEventListener('focusout', (event) => this.onFocusOut(event), opts);
    document.addEventListener('keydown', (event) => this.onKeyDown(event), { capture: true, signal });
    document.addEventListener('scroll', () => this.onScroll(), opts);
    window.addEventListener('resize', () => this.onScroll(), opts);
    document.addEventListener('pointerdown', (event) => this.onPointerDown(event), opts);
    signal.addEventListener('abort', () => {
      this.cancelPending();
      this.card.destroy();
    });
  }

  private shareAnchor(target: EventTarget | null): HTMLAnchorElement | undefined {
    if (!(target instanceof Element)) return undefined;
    const anchor = target.closest('a[href]');
    if (!(anchor instanceof HTMLAnchorElement)) return undefined;
    return this.options.classify(anchor) ? anchor : undefined;
  }

  private isCard(target: EventTarget | null): boolean {
    return target === this.card.host;
  }

  private onOver(event: MouseEvent): void {
    if (!event.isTrusted) return;
    if (this.isCard(event.target)) {
      this.cancelHide();
      return;
    }
    const anchor = this.shareAnchor(event.target);
    if (!anchor) return;
    if (anchor === this.current) {
      this.cancelHide();
      return;
    }
    this.schedule(anchor);
  }

  private onOut(event: MouseEvent): void {
    if (!event.isTrusted) return;
    const leaving = event.target instanceof Element ? event.target : null;
    const to = event.relatedTarget;
    if (this.pending && leaving && this.pending.anchor.contains(leaving)) {
      if (!(to instanceof Node && this.pending.anchor.contains(to))) this.cancelPending();
    }
    if (!this.card.isOpen || !this.current) return;
    const stillInside =
      this.isCard(to) ||
      (to instanceof Node && this.current.contains(to)) ||
      (this.isCard(leaving) && to === null);
    if (!stillInside) this.scheduleHide();
  }

  private onFocusIn(event: FocusEvent): void {
    if (!event.isTrusted) return;
    if (this.isCard(event.target)) {
      this.cancelHide();
      return;
    }
    const anchor = this.shareAnchor(event.target);
    if (anchor && anchor !== this.current) this.schedule(anchor);
  }

  private onFocusOut(event: FocusEvent): void {
    if (!event.isTrusted) return;
    if (this.pending && event.target === this.pending.anchor) this.cancelPending();
    if (this.card.isOpen && !this.isCard(event.relatedTarget) && event.target === this.current) {
      this.scheduleHide();
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!event.isTrusted || event.key !== 'Escape') return;
    if (this.pending) this.cancelPending();
    if (this.card.isOpen) {
      event.stopPropagation();
      this.close(true);
    }
  }

  private onScroll(): void {
    if (!this.card.isOpen || !this.current) return;
    if (!this.current.isConnected || !this.card.follow(this.current.getBoundingClientRect()))
      this.close(false);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!event.isTrusted || !this.card.isOpen) return;
    if (
      !this.isCard(event.target) &&
      !(event.target instanceof Node && this.current?.contains(event.target))
    ) {
      this.close(false);
    }
  }

  private schedule(anchor: HTMLAnchorElement): void {
    this.cancelPending();
    const timer = window.setTimeout(() => void this.open(anchor), this.options.delayMs);
    this.pending = { anchor, timer };
  }

  private cancelPending(): void {
    if (this.pending) window.clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private async open(anchor: HTMLAnchorElement): Promise<void> {
    this.pending = undefined;
    const link = this.options.classify(anchor);
    if (!link || !anchor.isConnected) return;
    if (!(await this.options.reportIntent(link.url))) return;
    this.cancelHide();
    this.current = anchor;
    this.card.show(link.url, anchor.getBoundingClientRect());
  }

  private scheduleHide(): void {
    this.cancelHide();
    this.hideTimer = window.setTimeout(() => this.close(false), HIDE_DELAY_MS);
  }

  private cancelHide(): void {
    if (this.hideTimer !== undefined) window.clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
  }

  /** Closes the card; with `restoreFocus`, keyboard focus goes back to the link (Esc from inside the card). */
  private close(restoreFocus: boolean): void {
    this.cancelHide();
    this.card.hide();
    const link = this.current;
    this.current = undefined;
    if (restoreFocus && link && document.activeElement === this.card.host) link.focus();
  }
}
