import { browser } from 'wxt/browser';
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

export async function recordIntent(tabId: number, url: string): Promise<void> {
  recorded.set(tabId, url);
  for (const wake of waiting.get(tabId) ?? []) wake();
  await browser.storage.session.set({ [key(tabId)]: url });
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
  await removeSessionKeys(PREFIX);
}

export async function forgetTab(tabId: number): Promise<void> {
  recorded.delete(tabId);
  await browser.storage.session.remove(key(tabId));
}
