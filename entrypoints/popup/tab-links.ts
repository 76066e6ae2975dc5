import { browser } from 'wxt/browser';
import { pageScanOptions, scanPageLinks } from '@/content/page-scan';
import { isPageLinksAnswer } from '@/lib/guards';
import { t } from '@/lib/i18n';
import { configuredHosts, type DetectOptions, detectShareLink } from '@/lib/links';
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
export function shareLinksOf(anchors: PageLinksAnswer['anchors'], detect?: DetectOptions): PageLink[] {
  const links = new Map<string, PageLink>();
  for (const { href, text } of anchors) {
    const link = detectShareLink(href, detect);
    if (link && !links.has(link.url)) links.set(link.url, { url: link.url, provider: link.provider, text });
  }
  return [...links.values()];
}

/** The scan's answer (JSON text), or undefined when it is not one. */
export function readPageLinksAnswer(result: unknown): PageLinksAnswer | undefined {
  if (typeof result !== 'string') return undefined;
  try {
    const answer: unknown = JSON.parse(result);
    return isPageLinksAnswer(answer) ? answer : undefined;
  } catch {
    return undefined;
  }
}

/** Asks the tab's page for its links and keeps the share links; adds the tab itself when it is an item. */
export async function linksOfTab(tabId: number, detect?: DetectOptions): Promise<TabLinks> {
  let answer: PageLinksAnswer | undefined;
  try {
    // The top frame answers for the whole page, frames of its origin and open shadow roots included. The
    // answer comes from inside the page, so it is checked like any other input.
    const [injection] = await browser.scripting.executeScript({
      target: { tabId, frameIds: [0] },
      // Sent as source and run in the content scripts' isolated world: no page carries a listener for it.
      func: scanPageLinks,
      args: [pageScanOptions(configuredHosts(detect))],
    });
    answer = readPageLinksAnswer(injection?.result);
  } catch {
    answer = undefined; // a page no extension may script (browser pages, the store), or the tab is gone
  }
  const links = shareLinksOf(answer?.anchors ?? [], detect);
  const pageUrl = answer?.pageUrl ?? (await browser.tabs.get(tabId).catch(() => undefined))?.url;
  const self = pageUrl ? detectShareLink(pageUrl, detect) : null;
  if (self && !links.some((link) => link.url === self.url)) {
    links.unshift({ url: self.url, provider: self.provider, text: t('thisPage') });
  }
  return { links, readable: answer !== undefined, pageUrl };
}
