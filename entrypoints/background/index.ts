import { browser } from 'wxt/browser';
import { forgetTab } from './intents';
import { handleListPort } from './list-port';
import { handlePreviewPort } from './preview-port';
import { createMenus, handleMenuClick } from './redeem';
import { handleMessage } from './router';

export default defineBackground(() => {
  // Listeners are registered synchronously, so a restarted worker gets the event that woke it.
  browser.runtime.onMessage.addListener((message, sender) => handleMessage(message, sender));
  browser.runtime.onConnect.addListener(handlePreviewPort);
  browser.runtime.onConnect.addListener(handleListPort);
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  browser.contextMenus.onClicked.addListener((info) => void handleMenuClick(info));
  // Chrome keeps menus across restarts, so they are made on install; Firefox's background page makes them
  // at each start (and only then, so an install does not create them twice).
  if (import.meta.env.FIREFOX) void createMenus();
  else browser.runtime.onInstalled.addListener(() => void createMenus());

  // Where supported (Chrome), close storage.local to content scripts too (refresh token); storage.session is
  // closed to them by default.
  (browser.storage.local as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> })
    .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
    .catch(() => {});
});
