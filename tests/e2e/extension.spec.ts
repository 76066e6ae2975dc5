import { expect, test } from './fixtures';

test('the built extension loads in Chromium and its service worker runs', async ({ serviceWorker }) => {
  const manifest = await serviceWorker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.name).toBe('ShareLens');
  expect(manifest.manifest_version).toBe(3);
});
