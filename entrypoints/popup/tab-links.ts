import { browser } from 'wxt/browser';
import { LINK_PREVIEWS_KEY, LINK_PREVIEWS_PATH } from '@/content/previews-api';
import { isPageLinksAnswer } from '@/lib/guards';
import { t } from '@/lib/i18n';
import { detectShareLink } from '@/lib/links';
import type { PageLink, PageLinksAnswer } from '@/lib/messages';

export interface TabLinks {
  links: PageLink[];
  /** False when ShareLens may not read the tab (browser pages, the store). */
  readable: boolean;
  /** The tab's address, when ShareLens may know it. */
  pageUrl?: string;
}

/** The tab the popup is about: `?tabId=` (tests, a detached window), else the active tab. */
export async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/**
 * The share links among the anchors a page's content script found: each classified here, in the popup, off
 * the page's main thread; one per canonical URL, in the order found.
 */
export function shareLinksOf(anchors: PageLinksAnswer['anchors']): PageLink[] {
  const links = new Map<string, PageLink>();
  for (const { href, text } of anchors) {
    const link = detectShareLink(href);
    if (link && !links.has(link.url)) links.set(link.url, { url: link.url, provider: link.provider, text });
  }
  return [...links.values()];
}

/**
 * Runs in the tab's top frame, in the content script's isolated world (`scripting.executeScript` sends it as
 * source, so it may use nothing from outside itself): loads the previews when this page has not yet, and runs
 * their scan. The popup asks this way so that no page carries a message listener for it.
 */
async function scanInPage(path: string, key: string): Promise<unknown> {
  const world = globalThis as unknown as Record<symbol, { listLinks(): Promise<unknown> } | undefined>;
  const symbol = Symbol.for(key);
  if (!world[symbol]) {
    const { runtime } = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
    await import(/* @vite-ignore */ runtime.getURL(path));
  }
  return world[symbol]?.listLinks();
}

/** Asks the tab's page for its links and keeps the share links; adds the tab itself when it is an item. */
export async function linksOfTab(tabId: number): Promise<TabLinks> {
  let answer: PageLinksAnswer | undefined;
  try {
    // The top frame answers for the whole page, frames of its origin and open shadow roots included. The
    // answer comes from inside the page, so it is checked like any other input.
    const [injection] = await browser.scripting.executeScript({
      target: { tabId, frameIds: [0] },
      func: scanInPage,
      args: [LINK_PREVIEWS_PATH, LINK_PREVIEWS_KEY.description ?? ''],
    });
    const result: unknown = injection?.result;
    answer = isPageLinksAnswer(result) ? result : undefined;
  } catch {
    answer = undefined; // a page no extension may script (browser pages, the store), or the tab is gone
  }
  const links = shareLinksOf(answer?.anchors ?? []);
  const pageUrl = answer?.pageUrl ?? (await browser.tabs.get(tabId).catch(() => undefined))?.url;
  const self = pageUrl ? detectShareLink(pageUrl) : null;
  if (self && !links.some((link) => link.url === self.url)) {
    links.unshift({ url: self.url, provider: self.provider, text: t('thisPage') });
  }
  return { links, readable: answer !== undefined, pageUrl };
}
