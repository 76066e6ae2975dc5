import { type HoverModifier, type ModifierState, modifierSatisfied } from '@/lib/hover-modifier';
import type { ShareLink } from '@/lib/model';
import { CardFrame } from './card-frame';
import { trackKeyPress } from './key-press';
import { type OuterDocument, outerDocument } from './outer-document';
import type { PreviewTrigger } from './previews-api';
import { isVisibleLink } from './visible';

/** How long the card stays after the pointer leaves link and card, so it can be reached. */
const HIDE_DELAY_MS = 300;

/** How the person showed intent: the pointer, where it entered the link; or the key press that moved focus. */
type Via = { by: 'pointer'; x: number; y: number } | { by: 'keyboard'; key: KeyboardEvent };

export interface HoverOptions {
  /** Read at each hover, so a changed setting applies to the next one. */
  delayMs(): number;
  /** The key that must be held for a card to open ('none': hovering is enough); read at each hover too. */
  modifier(): HoverModifier;
  classify(anchor: Element): ShareLink | null;
  /** Tells the background about the intent; resolves true when the card may open. */
  reportIntent(url: string): Promise<boolean>;
}

/**
 * Opens the card after a hover or keyboard focus that lasts `delayMs` on a share link; nothing is sent
 * before that. Events a page script dispatches (isTrusted false) are ignored, and so is focus a page script
 * moves with `element.focus()` (trusted, but not the person's doing): focus counts only when a navigation key's
 * own press moved it. When the delay is over, the link must be one the person can see (content/visible.ts). Closes on Esc, when the pointer leaves link and card, when focus leaves both, and when the link
 * scrolls out of view.
 *
 * With a hover key chosen (`modifier()`), a link opens only when that key is held as the pointer enters it, or
 * pressed while the pointer is on it or keyboard focus is (a key a person presses, trusted like the rest);
 * letting go of the key before the delay is over cancels. Keyboard focus needs the key too: the person asked
 * for cards only on demand, and holding a modifier while tabbing means something else to the browser or
 * the system (Shift+Tab, Ctrl+Tab, Alt+Tab), so on a focused link the key is pressed instead.
 *
 * A card the person pinned (its Pin toggle) stays until closed with its Close button or Esc: leaving it,
 * scrolling, clicking beside it and other links do not close it, and no other card opens meanwhile — there is
 * one card, and replacing a pinned one would undo what the person asked for; they close or unpin it first.
 *
 * In a frame, the card is drawn in the outermost document this script can reach (see outer-document.ts);
 * the controller then also listens there, for the card's own pointer and focus events and for scrolling.
 */
export class HoverController {
  private readonly card: CardFrame;
  private readonly outer: OuterDocument;
  private pending?: { anchor: Element; timer: number };
  /** The key press being handled right now, if any (see key-press.ts); set by {@link attach}. */
  private keyPress: () => KeyboardEvent | undefined = () => undefined;
  private current?: Element;
  private hideTimer?: number;
  /** Where the pointer is: on the link being opened or shown, or on the card. */
  private pointerOn?: EventTarget;
  /** With a hover key chosen: the link under the pointer or keyboard focus that the key would open, and how. */
  private awaitingKey?: {
    anchor: Element;
    /** `key`: the navigation key that moved focus, checked again when the hover key comes (see hoverKeyPressed). */
    via: { by: 'pointer'; x: number; y: number } | { by: 'keyboard'; key: KeyboardEvent };
  };
  /** The person pinned the open card: it stays until closed. */
  private pinned = false;

  constructor(private readonly options: HoverOptions) {
    this.outer = outerDocument();
    this.card = new CardFrame(this.outer.doc, {
      close: () => this.close(true),
      leave: () => this.leave(),
      pin: (pinned) => this.pin(pinned),
    });
  }

  attach(signal: AbortSignal): void {
    const opts = { capture: true, passive: true, signal };
    this.keyPress = trackKeyPress(document, signal);
    const outer = this.outer.doc;
    if (outer !== document) {
      // The card lives in the outer document: its pointer and focus events, clicks beside it and
      // scrolling happen there. Links of that document are the business of its own content script.
      outer.addEventListener('mouseover', (event) => this.isCard(event.target) && this.onOver(event), opts);
      outer.addEventListener('mouseout', (event) => this.isCard(event.target) && this.onOut(event), opts);
      outer.addEventListener('focusin', (event) => this.isCard(event.target) && this.onFocusIn(event), opts);
      outer.addEventListener('pointerdown', (event) => this.onPointerDown(event), opts);
      outer.addEventListener('scroll', () => this.onScroll(), opts);
      outer.defaultView?.addEventListener('resize', () => this.onScroll(), opts);
    }
    document.addEventListener('mouseover', (event) => this.onOver(event), opts);
    document.addEventListener('mouseout', (event) => this.onOut(event), opts);
    document.addEventListener('focusin', (event) => this.onFocusIn(event), opts);
    document.addEventListener('focusout', (event) => this.onFocusOut(event), opts);
    document.addEventListener('keydown', (event) => this.onKeyDown(event), { capture: true, signal });
    document.addEventListener('keyup', (event) => this.onKeyUp(event), opts);
    window.addEventListener('blur', (event) => event.isTrusted && this.keyLetGo(), opts);
    document.addEventListener('visibilitychange', (event) => event.isTrusted && this.keyLetGo(), opts);
    document.addEventListener('scroll', () => this.onScroll(), opts);
    window.addEventListener('resize', () => this.onScroll(), opts);
    document.addEventListener('pointerdown', (event) => this.onPointerDown(event), opts);
    signal.addEventListener('abort', () => {
      this.cancelPending();
      this.card.destroy();
    });
  }

  /**
   * Handles what made the previews load, now that they have: the pointer on a link, if it is still there,
   * or focus moved to a link from the keyboard, if it is still on it.
   */
  begin(trigger: PreviewTrigger): void {
    const { anchor } = trigger;
    if (!anchor.isConnected || !this.options.classify(anchor)) return;
    if (trigger.by === 'pointer' && anchor.matches(':hover')) {
      this.pointerOn = anchor;
      this.pointedAt(anchor, { by: 'pointer', x: trigger.x, y: trigger.y }, trigger.modifiers, trigger.at);
    } else if (trigger.by === 'keyboard' && anchor.matches(':focus')) {
      this.focusedFromKeyboard(anchor, trigger.key);
    }
  }

  /**
   * The pointer entered a share link at `since` (the event's `timeStamp`): open it when the delay has passed since
   * then, if the hover key (if any) is held. Counting from the event rather than from now leaves out the time the
   * event took to reach this script (and, the first time, to load it): the person has been pointing all along.
   */
  private pointedAt(
    anchor: Element,
    via: { by: 'pointer'; x: number; y: number },
    state: ModifierState,
    since: number,
  ): void {
    if (this.pinned) return;
    const modifier = this.options.modifier();
    this.awaitingKey = modifier === 'none' ? undefined : { anchor, via };
    if (modifierSatisfied(modifier, state)) this.schedule(anchor, via, since);
    else this.cancelPending();
  }

  /** A navigation key moved focus to a share link: open it after the delay, unless a hover key is asked for. */
  private focusedFromKeyboard(anchor: Element, key: KeyboardEvent): void {
    if (this.pinned) return;
    if (this.options.modifier() === 'none') this.schedule(anchor, { by: 'keyboard', key });
    else this.awaitingKey = { anchor, via: { by: 'keyboard', key } };
  }

  /** The card asked to be pinned or unpinned (the person pressed its Pin toggle). */
  private pin(pinned: boolean): void {
    if (!this.card.isOpen) return;
    this.pinned = pinned;
    if (pinned) {
      this.cancelHide();
      this.cancelPending();
    }
  }

  /** The share link an event happened on; `composedPath` also finds links inside open shadow roots. */
  private shareAnchor(event: Event): Element | undefined {
    const target = event.composedPath()[0] ?? event.target;
    if (!(target instanceof Element)) return undefined;
    const anchor = target.closest('a[href]');
    if (!anchor) return undefined;
    return this.options.classify(anchor) ? anchor : undefined;
  }

  /** The link's box in the viewport of the card's document. */
  private anchorRect(anchor: Element): DOMRect {
    const rect = anchor.getBoundingClientRect();
    const { x, y } = this.outer.offset();
    return new DOMRect(rect.x + x, rect.y + y, rect.width, rect.height);
  }

  private isCard(target: EventTarget | null): boolean {
    return target === this.card.host;
  }

  private onOver(event: MouseEvent): void {
    if (!event.isTrusted) return;
    if (this.isCard(event.target)) {
      this.pointerOn = this.card.host;
      this.cancelHide();
      return;
    }
    const anchor = this.shareAnchor(event);
    this.pointerOn = anchor;
    if (!anchor) return;
    if (anchor === this.current) {
      this.cancelHide();
      return;
    }
    this.pointedAt(anchor, { by: 'pointer', x: event.clientX, y: event.clientY }, event, event.timeStamp);
  }

  private onOut(event: MouseEvent): void {
    if (!event.isTrusted) return;
    const leaving = event.target instanceof Element ? event.target : null;
    const to = event.relatedTarget;
    const stays = (anchor: Element) => to instanceof Node && anchor.contains(to);
    if (this.pending && leaving && this.pending.anchor.contains(leaving) && !stays(this.pending.anchor)) {
      this.cancelPending();
    }
    const awaiting = this.awaitingKey;
    if (
      awaiting?.via.by === 'pointer' &&
      leaving &&
      awaiting.anchor.contains(leaving) &&
      !stays(awaiting.anchor)
    ) {
      this.awaitingKey = undefined;
    }
    if (!this.card.isOpen || !this.current || this.pinned) return;
    const stillInside = this.isCard(to) || stays(this.current) || (this.isCard(leaving) && to === null);
    if (!stillInside) {
      this.pointerOn = undefined;
      this.scheduleHide();
    }
  }

  private onFocusIn(event: FocusEvent): void {
    if (!event.isTrusted) return;
    if (this.isCard(event.target)) {
      this.cancelHide();
      return;
    }
    // Only focus the person's key press moved (see key-press.ts); not `link.focus()` from a page script.
    const key = this.keyPress();
    if (!key) return;
    const anchor = this.shareAnchor(event);
    if (anchor && anchor !== this.current) this.focusedFromKeyboard(anchor, key);
  }

  private onFocusOut(event: FocusEvent): void {
    if (!event.isTrusted) return;
    if (this.pending && event.target === this.pending.anchor) this.cancelPending();
    if (this.awaitingKey?.via.by === 'keyboard' && event.target === this.awaitingKey.anchor) {
      this.awaitingKey = undefined;
    }
    const intoCard = this.isCard(event.relatedTarget);
    if (
      this.card.isOpen &&
      !this.pinned &&
      !intoCard &&
      event.target === this.current &&
      this.pointerOn === undefined
    ) {
      this.scheduleHide();
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!event.isTrusted) return;
    // Tab from the link moves into the open card, so its buttons are reachable from the keyboard.
    const onLink = this.current?.matches(':focus') === true;
    if (event.key === 'Tab' && !event.shiftKey && this.card.isOpen && onLink) {
      event.preventDefault();
      this.card.focus();
      return;
    }
    if (event.key === this.options.modifier() && !event.repeat) {
      this.hoverKeyPressed(event);
      return;
    }
    if (event.key !== 'Escape') return;
    this.cancelPending();
    if (this.card.isOpen) {
      event.stopPropagation();
      this.close(true);
    }
  }

  /** The hover key went down: opens the link the pointer or keyboard focus is on (after the delay). */
  private hoverKeyPressed(key: KeyboardEvent): void {
    const awaiting = this.awaitingKey;
    if (
      this.pinned ||
      !awaiting ||
      awaiting.anchor === this.current ||
      this.pending?.anchor === awaiting.anchor
    )
      return;
    const { anchor, via } = awaiting;
    // The pointer is still on it: leaving the link forgets it (onOut). Focus may have moved without an event.
    if (via.by === 'pointer') this.schedule(anchor, via);
    // A page that cancelled the navigation key and moved focus itself chose the link, not the person.
    else if (anchor.matches(':focus') && !via.key.defaultPrevented)
      this.schedule(anchor, { by: 'keyboard', key });
  }

  /** Letting go of the hover key before the delay is over cancels: cards open only while it is held. */
  private onKeyUp(event: KeyboardEvent): void {
    if (!event.isTrusted || event.key !== this.options.modifier()) return;
    this.keyLetGo();
  }

  /**
   * The hover key may have been let go where this page does not hear it: the window lost focus (Alt+Tab, the
   * Windows key, the address bar) or the tab was hidden. A card waiting for its delay on the key then waits no more.
   */
  private keyLetGo(): void {
    if (this.awaitingKey && this.pending?.anchor === this.awaitingKey.anchor) this.cancelPending();
  }

  private onScroll(): void {
    if (!this.card.isOpen || !this.current) return;
    // A pinned card moves with its link while the link is in view, and otherwise stays where it is.
    if (this.pinned) {
      if (this.current.isConnected) this.card.follow(this.anchorRect(this.current));
      return;
    }
    if (!this.current.isConnected || !this.card.follow(this.anchorRect(this.current))) this.close(false);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!event.isTrusted || !this.card.isOpen || this.pinned) return;
    if (
      !this.isCard(event.target) &&
      !(event.target instanceof Node && this.current?.contains(event.target))
    ) {
      this.close(false);
    }
  }

  /** Opens `anchor` once the delay has passed since `since` (default: now) on this document's clock. */
  private schedule(anchor: Element, via: Via, since = performance.now()): void {
    this.cancelPending();
    if (this.pinned) return;
    const waited = Math.min(Math.max(0, performance.now() - since), this.options.delayMs());
    const timer = window.setTimeout(() => void this.open(anchor, via), this.options.delayMs() - waited);
    this.pending = { anchor, timer };
  }

  private cancelPending(): void {
    if (this.pending) window.clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private async open(anchor: Element, via: Via): Promise<void> {
    this.pending = undefined;
    if (this.pinned) return;
    const link = this.options.classify(anchor);
    if (!link || !anchor.isConnected) return;
    // Intent a page can fake counts for nothing: a key the page cancelled (it moved focus itself), or a link
    // the person cannot see where they pointed (invisible, transparent, covered).
    if (via.by === 'keyboard' && via.key.defaultPrevented) return;
    if (!isVisibleLink(anchor, via.by === 'pointer' ? via : undefined)) return;
    // The report and the card go out together: the card's request waits in the background for the report,
    // which saves the person one round trip to the background.
    const accepted = this.options.reportIntent(link.url);
    this.cancelHide();
    this.current = anchor;
    this.card.show(link.url, this.anchorRect(anchor));
    // Refused (previews were just switched off for the site, or the controller was detached): close again.
    if (!(await accepted) && this.current === anchor) this.close(false);
  }

  private scheduleHide(): void {
    this.cancelHide();
    if (this.pinned) return;
    this.hideTimer = window.setTimeout(() => this.close(false), HIDE_DELAY_MS);
  }

  private cancelHide(): void {
    if (this.hideTimer !== undefined) window.clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
  }

  /**
   * Tab or Shift+Tab out of the card: back to the link, where the person goes on through the page. A pinned card
   * stays (only its Close and Esc close it); any other closes.
   */
  private leave(): void {
    if (!this.pinned) {
      this.close(true);
      return;
    }
    const link = this.current;
    if (link instanceof HTMLElement && this.outer.doc.activeElement === this.card.host) link.focus();
  }

  /** Closes the card; with `restoreFocus`, keyboard focus goes back to the link (Esc from inside the card). */
  private close(restoreFocus: boolean): void {
    this.cancelHide();
    this.pinned = false;
    this.card.hide();
    const link = this.current;
    this.current = undefined;
    if (restoreFocus && link instanceof HTMLElement && this.outer.doc.activeElement === this.card.host)
      link.focus();
  }
}
