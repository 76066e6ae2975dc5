import { browser } from 'wxt/browser';

/** The first-run page (entrypoints/setup): connecting Microsoft 365, and ContentStore and Exchange when used. */
export function setupPageUrl(): string {
  return browser.runtime.getURL('/setup.html');
}

/** Opens the setup page in a tab of its own (from the background on install, the card, the popup). */
export async function openSetupPage(): Promise<void> {
  await browser.tabs.create({ url: setupPageUrl() });
}
