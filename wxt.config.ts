import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    // Name and description come from public/_locales/<lang>/messages.json (English: "ShareLens").
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'identity', 'contextMenus', 'notifications'],
    // The card is an extension page framed into web pages; a per-session URL keeps pages from fingerprinting it.
    web_accessible_resources: [
      { resources: ['card.html'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'sharelens@sharelens.dev',
              // data_collection_permissions is understood from Firefox 140 (Android 142).
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['authenticationInfo', 'websiteActivity'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
