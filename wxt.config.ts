import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { TEST_BUILD_KEY } from './tests/test-build-key';

/**
 * Scripts that run inside web pages use the browser's own `browser ?? chrome` namespace (promise-based in
 * Chrome MV3 and in Firefox) instead of the promise polyfill the extension pages use: the polyfill is larger
 * than everything else the every-page loader needs.
 */
const IN_PAGE_SCRIPTS = new Set(['content-loader', 'link-previews']);
const PLAIN_BROWSER = fileURLToPath(import.meta.resolve('@wxt-dev/browser'));

/** The project's home page, from package.json (one place): the stores link to it as the extension's website. */
const HOMEPAGE: string = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
).homepage;

/**
 * Preact's `dangerouslySetInnerHTML` is the one place its bundle writes `innerHTML` from a value. ShareLens never
 * uses it (Biome's noDangerouslySetInnerHtml is an error), so the build makes it write text instead: HTML from an
 * API answer can never become markup, and store linters see no unsafe assignment. The build fails if a Preact
 * update changes the code this looks for, rather than shipping it unnoticed.
 */
const preactWithoutInnerHtml = {
  name: 'sharelens:preact-without-inner-html',
  transform(code: string, id: string) {
    if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.module\.js$/.test(id)) return null;
    const patched = code.replace(/(\w+)\.innerHTML=(\w+)\.__html/g, '$1.textContent=$2.__html');
    if (patched === code)
      throw new Error(`${id}: Preact's innerHTML assignment was not found; check this plugin.`);
    return { code: patched, map: null };
  },
};

/**
 * The policy test build (tests/e2e/policy.spec.ts): with SHARELENS_TEST_KEY=1 the Chrome build carries a manifest
 * `key`, so it has a fixed id a browser policy can name, and goes to .output/chrome-mv3-managed, away from the
 * store build (the Chrome Web Store refuses a `key`) and from the build the other browser tests load.
 */
const TEST_KEY_BUILD = process.env.SHARELENS_TEST_KEY === '1';

// https://wxt.dev/api/config.html
export default defineConfig({
  ...(TEST_KEY_BUILD ? { outDirTemplate: '{{browser}}-mv{{manifestVersion}}-managed' } : {}),
  modules: ['@wxt-dev/webextension-polyfill'],
  zip: {
    // The sources zip addons.mozilla.org rebuilds from (docs/store-review.md): not the local demo or test output.
    excludeSources: ['demo-output/**', 'test-results/**', 'playwright-report/**', '.test-reports/**'],
  },
  vite: () => ({ plugins: [preact(), preactWithoutInnerHtml] }),
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entry) => IN_PAGE_SCRIPTS.has(entry.name))) return;
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'sharelens:plain-browser-namespace',
          enforce: 'pre',
          resolveId: (id) => (id === '@wxt-dev/webextension-polyfill/browser' ? PLAIN_BROWSER : null),
        },
      ];
    },
  },
  manifest: ({ browser }) => ({
    // Name and description come from public/_locales/<lang>/messages.json (English: "ShareLens").
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    homepage_url: HOMEPAGE,
    permissions: ['storage', 'identity', 'contextMenus', 'notifications', 'scripting'],
    host_permissions: [
      // The sites the content script runs on: the popup runs its scan there with scripting.executeScript, so
      // no page has to carry a message listener for it (docs/architecture.md).
      'http://*/*',
      'https://*/*',
      // Named for what they are used for, though the line above covers them: Microsoft Graph in each cloud. CORS
      // hides Graph's Retry-After from web origins; an extension's own requests to hosts it may access are not
      // subject to CORS (README, "Host access to Microsoft Graph").
      'https://graph.microsoft.com/*',
      'https://graph.microsoft.us/*',
      'https://dod-graph.microsoft.us/*',
      'https://microsoftgraph.chinacloudapi.cn/*',
    ],
    // The keyboard shortcut that switches hover previews off and on for the current site (background
    // site-switch.ts). Alt+Shift+O (on/off): Chromium leaves Alt+Shift+P unassigned (taken), gives this one; it is
    // no menu key in Firefox (File, Edit, View, History, Bookmarks, Tools, Help). People change it in the browser's
    // shortcut settings (chrome://extensions/shortcuts, about:addons).
    commands: {
      'toggle-site-previews': {
        suggested_key: { default: 'Alt+Shift+O' },
        description: '__MSG_commandToggleSite__',
      },
    },
    // The content script, an unlisted script of its own (see entrypoints/content-loader.ts). It runs in every
    // frame: web mail and chat show message bodies in frames the page writes itself (about:blank, srcdoc).
    content_scripts: [
      {
        matches: ['http://*/*', 'https://*/*'],
        js: ['content-loader.js'],
        run_at: 'document_idle',
        all_frames: true,
        match_about_blank: true,
        // Chrome: also frames whose URL has no origin of its own (srcdoc, blob:); Firefox MV2 does not know it.
        ...(browser === 'firefox' ? {} : { match_origin_as_fallback: true }),
      },
    ],
    // The card is an extension page framed into web pages, and link-previews.js the part of the content script
    // loaded on first need; a per-session URL keeps pages from fingerprinting either. Firefox (MV2) has no
    // use_dynamic_url and lists the card for every page, which is safe there: its moz-extension:// host is a
    // random UUID of this install, which no page can know or guess, and the card shows nothing its tab did not
    // ask for (the background checks the tab's intent). link-previews.js is not listed there: the background
    // runs it in the frame (content/previews-api.ts).
    web_accessible_resources:
      browser === 'firefox'
        ? ['card.html'] // MV2's form
        : [
            {
              resources: ['card.html', 'link-previews.js'],
              matches: ['http://*/*', 'https://*/*'],
              use_dynamic_url: true,
            },
          ],
    // The newest web platform feature the code relies on is URL.canParse (Chrome 120; also AbortSignal.any,
    // 116, and use_dynamic_url with match_origin_as_fallback, both older).
    ...(browser === 'firefox' ? {} : { minimum_chrome_version: '120' }),
    // What an IT department can set by policy (storage.managed; README, "For IT: policies"). Firefox takes the
    // policy from policies.json without a schema and does not know this key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    ...(TEST_KEY_BUILD && browser !== 'firefox' ? { key: TEST_BUILD_KEY } : {}),
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
