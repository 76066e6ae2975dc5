import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { detectShareLink } from '@/lib/links';
import type { PageLink, PageToContent, PageToContentResponseMap } from '@/lib/messages';

export interface TabLinks {
  links: PageLink[];
  /** False when the tab has no ShareLens content script (browser pages, the store, pages open since before install). */
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

/** Asks the tab's content script for its share links; adds the tab itself when it is an item. */
export async function linksOfTab(tabId: number): Promise<TabLinks> {
  let answer: PageToContentResponseMap['page/links'] | undefined;
  try {
    answer = (await browser.tabs.sendMessage(tabId, {
      type: 'page/links',
    } satisfies PageToContent)) as typeof answer;
  } catch {
    answer = undefined;
  }
  const links = [...(answer?.links ?? [])];
  const pageUrl = answer?.pageUrl ?? (await browser.tabs.get(tabId).catch(() => undefined))?.url;
  const self = pageUrl ? detectShareLink(pageUrl) : null;
  if (self && !links.some((link) => link.url === self.url)) {
    links.unshift({ url: self.url, provider: self.provider, text: t('thisPage') });
  }
  return { links, readable: answer !== undefined, pageUrl };
}
