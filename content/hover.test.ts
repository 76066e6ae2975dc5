// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HoverModifier } from '@/lib/hover-modifier';
import { HoverController } from './hover';

/** The card frame as the controller sees it: whether it is open, and a way to act as the card's buttons. */
const cards = vi.hoisted(() => {
  class FakeCard {
    readonly host = document.createElement('sharelens-card');
    isOpen = false;
    url = '';
    constructor(
      _doc: Document,
      readonly events: { close(): void; leave(): void; pin(pinned: boolean): void },
    ) {
      cards.last = this;
    }
    show(url: string) {
      this.isOpen = true;
      this.url = url;
    }
    hide() {
      this.isOpen = false;
    }
    follow() {
      return true;
    }
    focus() {}
    destroy() {}
  }
  return { FakeCard, last: undefined as InstanceType<typeof FakeCard> | undefined };
});
vi.mock('./card-frame', () => ({ CardFrame: cards.FakeCard }));
// Whether a link is visible is content/visible.ts's business (and needs a real layout); here every link is.
vi.mock('./visible', () => ({ isVisibleLink: () => true }));

const DELAY_MS = 20;
/** Longer than the delay, and than the 300 ms a card waits after the pointer left before closing. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pastTheDelay = () => sleep(DELAY_MS * 4);
const pastHiding = () => sleep(450);

/** Events as the browser makes them for a person (`isTrusted`), which the controller only believes. */
function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

let modifier: HoverModifier;
let intents: string[];
let detach: AbortController;

function link(name: string): HTMLAnchorElement {
  const anchor = document.createElement('a');
  anchor.href = `https://contoso.sharepoint.com/:x:/s/Finance/${name}?e=1`;
  anchor.textContent = name;
  document.body.append(anchor);
  return anchor;
}

function start(): HoverController {
  const controller = new HoverController({
    delayMs: () => DELAY_MS,
    modifier: () => modifier,
    classify: (anchor) =>
      anchor instanceof HTMLAnchorElement ? { provider: 'graph', url: anchor.href } : null,
    reportIntent: async (url) => {
      intents.push(url);
      return true;
    },
  });
  controller.attach(detach.signal);
  return controller;
}

const card = () => {
  if (!cards.last) throw new Error('no card');
  return cards.last;
};
const over = (target: Element, init: MouseEventInit = {}) =>
  target.dispatchEvent(trusted(new MouseEvent('mouseover', { bubbles: true, ...init })));
const out = (target: Element, to: Element | null) =>
  target.dispatchEvent(trusted(new MouseEvent('mouseout', { bubbles: true, relatedTarget: to })));
const key = (type: 'keydown' | 'keyup', name: string, init: KeyboardEventInit = {}) =>
  document.dispatchEvent(trusted(new KeyboardEvent(type, { key: name, bubbles: true, ...init })));
/** A Tab press that moves focus to `target`, as the browser does it: keydown, then focus in the same task. */
function tabTo(target: HTMLElement) {
  key('keydown', 'Tab');
  target.focus();
  target.dispatchEvent(trusted(new FocusEvent('focusin', { bubbles: true })));
}

beforeEach(() => {
  modifier = 'none';
  intents = [];
  detach = new AbortController();
});
afterEach(() => {
  detach.abort();
  document.body.replaceChildren();
});

describe('hover previews with a hover key', () => {
  it('opens on hovering alone when no key is asked for', async () => {
    const budget = link('Budget');
    start();
    over(budget);
    await pastTheDelay();
    expect(card().isOpen).toBe(true);
    expect(intents).toEqual([budget.href]);
  });

  it('opens nothing, and asks nothing, without the key; pressing it on the link opens the card', async () => {
    modifier = 'Alt';
    const budget = link('Budget');
    start();
    over(budget);
    await pastTheDelay();
    expect(card().isOpen).toBe(false);
    expect(intents).toEqual([]);

    // Another key, or the key "pressed" by a page script, counts for nothing.
    key('keydown', 'Shift');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Alt', bubbles: true }));
    await pastTheDelay();
    expect(intents).toEqual([]);

    key('keydown', 'Alt', { altKey: true });
    await pastTheDelay();
    expect(card().isOpen).toBe(true);
    expect(intents).toEqual([budget.href]);
  });

  it('opens when the key is held as the pointer enters the link', async () => {
    modifier = 'Control';
    const budget = link('Budget');
    start();
    over(budget, { ctrlKey: true });
    await pastTheDelay();
    expect(intents).toEqual([budget.href]);
  });

  it('cancels when the key is let go before the delay is over, and forgets a link the pointer left', async () => {
    modifier = 'Shift';
    const budget = link('Budget');
    start();
    over(budget, { shiftKey: true });
    key('keyup', 'Shift');
    await pastTheDelay();
    expect(intents).toEqual([]);

    out(budget, document.body);
    key('keydown', 'Shift', { shiftKey: true });
    await pastTheDelay();
    expect(intents).toEqual([]);
  });

  it('needs the key for keyboard focus too: Tab onto a link opens nothing until the key is pressed', async () => {
    modifier = 'Alt';
    const budget = link('Budget');
    start();
    tabTo(budget);
    await pastTheDelay();
    expect(intents).toEqual([]);
    key('keydown', 'Alt', { altKey: true });
    await pastTheDelay();
    expect(intents).toEqual([budget.href]);
  });

  it('does not open a link a page focused after cancelling the Tab, when the key comes later', async () => {
    modifier = 'Alt';
    const budget = link('Budget');
    start();
    // The page cancels the person's Tab and focuses a link of its choosing in the same task.
    const tab = trusted(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    tab.preventDefault();
    document.dispatchEvent(tab);
    budget.focus();
    budget.dispatchEvent(trusted(new FocusEvent('focusin', { bubbles: true })));
    key('keydown', 'Alt', { altKey: true });
    await pastTheDelay();
    expect(intents).toEqual([]);
  });

  it('waits no more when the window loses focus while the key is down (its keyup goes elsewhere)', async () => {
    modifier = 'Alt';
    const budget = link('Budget');
    start();
    over(budget, { altKey: true });
    window.dispatchEvent(trusted(new FocusEvent('blur')));
    await pastTheDelay();
    expect(intents).toEqual([]);
    // A blur a page script makes up changes nothing.
    over(budget, { altKey: true });
    window.dispatchEvent(new FocusEvent('blur'));
    await pastTheDelay();
    expect(intents).toEqual([budget.href]);
  });
});

describe('a pinned card', () => {
  async function openPinned() {
    const budget = link('Budget');
    const reports = link('Reports');
    start();
    over(budget);
    await pastTheDelay();
    expect(card().isOpen).toBe(true);
    card().events.pin(true);
    return { budget, reports };
  }

  it('stays when the pointer leaves, on clicks beside it, scrolling and other links', async () => {
    const { budget, reports } = await openPinned();
    out(budget, reports);
    over(reports);
    document.body.dispatchEvent(trusted(new PointerEvent('pointerdown', { bubbles: true })));
    document.dispatchEvent(trusted(new Event('scroll')));
    await pastHiding();
    expect(card().isOpen).toBe(true);
    // No second card, and nothing asked about the other link.
    expect(card().url).toBe(budget.href);
    expect(intents).toEqual([budget.href]);
  });

  it('closes with Esc, and the next hover opens a card as before', async () => {
    const { reports } = await openPinned();
    key('keydown', 'Escape');
    expect(card().isOpen).toBe(false);
    over(reports);
    await pastTheDelay();
    expect(card().url).toBe(reports.href);
    // Not pinned any more: leaving closes it.
    out(reports, document.body);
    await pastHiding();
    expect(card().isOpen).toBe(false);
  });

  it('stays when the person tabs out of it, and closes so when not pinned', async () => {
    const { budget } = await openPinned();
    card().events.leave();
    expect(card().isOpen).toBe(true);
    card().events.pin(false);
    card().events.leave();
    expect(card().isOpen).toBe(false);
    expect(intents).toEqual([budget.href]);
  });

  it('closes with its Close button, and unpinned it closes when the pointer leaves', async () => {
    const { budget } = await openPinned();
    card().events.close();
    expect(card().isOpen).toBe(false);

    over(budget);
    await pastTheDelay();
    card().events.pin(true);
    card().events.pin(false);
    out(budget, document.body);
    await pastHiding();
    expect(card().isOpen).toBe(false);
  });
});

describe('the hover delay', () => {
  /** A pointer event the browser made `ago` ms before it reached the script (its `timeStamp`). */
  const overSince = (target: Element, ago: number, init: MouseEventInit = {}) => {
    const event = trusted(new MouseEvent('mouseover', { bubbles: true, ...init }));
    Object.defineProperty(event, 'timeStamp', { value: performance.now() - ago });
    target.dispatchEvent(event);
  };

  it('counts from when the pointer arrived, not from when the event reached the script', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const budget = link('Budget');
      start();
      overSince(budget, 15); // 5 ms of the 20 ms delay are left
      vi.advanceTimersByTime(4);
      expect(card().isOpen).toBe(false);
      vi.advanceTimersByTime(1);
      expect(card().isOpen).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('with a hover key, counts from the key press, however long the pointer has been there', async () => {
    modifier = 'Alt';
    const budget = link('Budget');
    start();
    overSince(budget, 500);
    await sleep(5);
    key('keydown', 'Alt', { altKey: true });
    await sleep(5);
    expect(card().isOpen).toBe(false);
    expect(intents).toEqual([]);
    await pastTheDelay();
    expect(card().isOpen).toBe(true);
  });
});
