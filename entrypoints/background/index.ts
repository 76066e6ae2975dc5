import { browser } from 'wxt/browser';
import type { BackgroundToContent } from '@/lib/messages';
import { onPolicyChanged, settingsItem } from '@/utils/settings';
import { onSignedOut } from './accounts';
import { forgetAllIntents, forgetTab } from './intents';
import { handleListPort } from './list-port';
import { handlePreviewPort } from './preview-port';
import { clearCache } from './previews';
import { createMenus, handleMenuClick } from './redeem';
import { handleMessage } from './router';
import { openSetupOnInstall } from './setup';
import { handleCommand } from './site-switch';

/**
 * Tells every tab's content script that the settings changed, so a new hover delay or a site switched off or on
 * applies at once (also when the IT department's policy changes). Content scripts cannot watch storage.local themselves (it is closed to them where the browser
 * allows). Tabs without our content script (or without a page yet) refuse the message; that is fine.
 */
async function tellTabsSettingsChanged(): Promise<void> {
  const message: BackgroundToContent = { type: 'settings/changed' };
  for (const tab of await browser.tabs.query({})) {
    if (tab.id !== undefined) browser.tabs.sendMessage(tab.id, message).catch(() => {});
  }
}

export default defineBackground(() => {
  // Listeners are registered synchronously, so a restarted worker gets the event that woke it.
  browser.runtime.onMessage.addListener((message, sender) => handleMessage(message, sender));
  browser.runtime.onConnect.addListener(handlePreviewPort);
  browser.runtime.onConnect.addListener(handleListPort);
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  browser.contextMenus.onClicked.addListener((info) => void handleMenuClick(info));
  // The keyboard shortcut that switches previews off and on for the current site (manifest `commands`).
  browser.commands.onCommand.addListener((command, tab) => void handleCommand(command, tab));
  settingsItem.watch(() => void tellTabsSettingsChanged());
  onPolicyChanged(() => void tellTabsSettingsChanged());
  // Nothing fetched or asked for with an account outlives its sign-out, whoever ended it.
  onSignedOut(async () => {
    await clearCache();
    await forgetAllIntents();
  });

  // Chrome keeps menus across restarts, so they are made on install; Firefox's background page makes them
  // at each start (and only then, so an install does not create them twice). A fresh install also opens the
  // setup page, unless a Client ID is already set (setup.ts).
  if (import.meta.env.FIREFOX) void createMenus();
  browser.runtime.onInstalled.addListener((details) => {
    if (!import.meta.env.FIREFOX) void createMenus();
    void openSetupOnInstall(details);
  });

  // Where supported (Chrome 140+), close storage.local to content scripts too. It holds no credential (those are
  // in IndexedDB, see accounts.ts), but content scripts have no business reading the settings either.
  (browser.storage.local as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> })
    .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
    .catch(() => {});
});
