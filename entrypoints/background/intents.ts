import { browser } from 'wxt/browser';
import type { PreviewState } from '@/lib/model';
import { watchPreview } from './previews';
import { removeSessionKeys } from './session-keys';

/**
 * The last link a person hovered or focused in each tab, as reported by our content script after the
 * delay. The card may only load the preview a tab asked for: a page that builds its own card frame
 * cannot make ShareLens fetch anything (PRODUCT.md: nothing leaves before intent).
 */

const PREFIX = 'intent:';
const key = (tabId: number) => `${PREFIX}${tabId}`;

/**
 * What this worker recorded, so the card's check right after the content script's report needs no storage
 * read (it sits on the hover's path). Written through to storage.session, which a restarted worker reads.
 */
const recorded = new Map<number, string>();
/** Cards that asked before their tab's report arrived, by tab: told when it does. */
const waiting = new Map<number, Set<() => void>>();

/**
 * The preview each tab's newest report started: what it has reported so far, kept for the card, which asks for
 * the same link a moment later (see {@link takeStartedPreview}).
 */
interface StartedPreview {
  url: string;
  states: PreviewState[];
  listener?: (state: PreviewState) => void;
}
const started = new Map<number, StartedPreview>();
/** How long a started preview waits for its card (which asks within milliseconds, or after loading, the first time). */
const UNCLAIMED_MS = 10_000;

/**
 * Records that the person showed intent for `url` in `tabId`, and starts its preview at once: the card asks for
 * the same link a moment later (the content script shows it while this report is on the way), and waiting for
 * that would put one more hop between the hover and the request.
 */
export async function recordIntent(tabId: number, url: string): Promise<void> {
  recorded.set(tabId, url);
  startPreview(tabId, url);
  for (const wake of waiting.get(tabId) ?? []) wake();
  await browser.storage.session.set({ [key(tabId)]: url });
}

function startPreview(tabId: number, url: string): void {
  const preview: StartedPreview = { url, states: [] };
  started.set(tabId, preview);
  setTimeout(() => {
    if (started.get(tabId) === preview) started.delete(tabId);
  }, UNCLAIMED_MS);
  void watchPreview(url, (state) => {
    if (preview.listener) preview.listener(state);
    else preview.states.push(state);
  });
}

/**
 * Hands the preview that `tabId`'s report started for `url` to `listener` (the card): what it reported so far,
 * then the rest as it comes. False when there is none to take (another link, already taken, or expired): the
 * card then watches the link itself, and shares the request if one is still under way.
 */
export function takeStartedPreview(
  tabId: number,
  url: string,
  listener: (state: PreviewState) => void,
): boolean {
  const preview = started.get(tabId);
  if (!preview || preview.url !== url) return false;
  started.delete(tabId);
  preview.listener = listener;
  for (const state of preview.states.splice(0)) listener(state);
  return true;
}

export async function hasIntent(tabId: number, url: string): Promise<boolean> {
  const known = recorded.get(tabId);
  if (known !== undefined) return known === url;
  return (await browser.storage.session.get(key(tabId)))[key(tabId)] === url;
}

/**
 * Whether the tab reported intent for `url`, waiting up to `ms` for that report: the content script shows the
 * card while its report is on the way (the two messages may arrive in either order). Waiting grants nothing: a
 * card only ever gets what the tab's own content script asked for.
 */
export async function awaitIntent(tabId: number, url: string, ms: number): Promise<boolean> {
  if (await hasIntent(tabId, url)) return true;
  return new Promise<boolean>((resolve) => {
    const listeners = waiting.get(tabId) ?? new Set<() => void>();
    waiting.set(tabId, listeners);
    const done = (answer: boolean) => {
      clearTimeout(timer);
      listeners.delete(wake);
      if (listeners.size === 0) waiting.delete(tabId);
      resolve(answer);
    };
    const wake = () => {
      if (recorded.get(tabId) === url) done(true);
    };
    const timer = setTimeout(() => done(false), ms);
    listeners.add(wake);
  });
}

/** Forgets every tab's intent (after a sign-out: nothing asked for before it may load afterwards). */
export async function forgetAllIntents(): Promise<void> {
  recorded.clear();
  started.clear();
  await removeSessionKeys(PREFIX);
}

export async function forgetTab(tabId: number): Promise<void> {
  recorded.delete(tabId);
  started.delete(tabId);
  await browser.storage.session.remove(key(tabId));
}
