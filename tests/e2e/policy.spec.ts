import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extensionIdOf, TEST_BUILD_KEY } from '../test-build-key';
import {
  CLIENT_ID,
  cardFrame,
  expect,
  hoverOpens,
  itemOf,
  launchExtension,
  link,
  megan,
  signInWithForm,
  test,
} from './fixtures';
import { linksPage } from './page-server';

/**
 * An IT department's policy, as Debian's Chromium reads it: a JSON file in /etc/chromium/policies/managed naming
 * the extension's id. The normal test build has a random id, so this suite builds its own with a fixed one
 * (SHARELENS_TEST_KEY=1, into .output/chrome-mv3-managed): the policy reaches that build only, and other browser
 * tests running at the same time are not affected. Chromium reads the policy at start and follows changes to the
 * folder while it runs; no flag is needed.
 */

const MANAGED_BUILD = resolve(process.env.SHARELENS_MANAGED_DIR ?? '.output/chrome-mv3-managed');
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/sharelens-test-${process.pid}.json`;
const EXTENSION_ID = extensionIdOf(TEST_BUILD_KEY);

/** Builds the fixed-id build, unless SHARELENS_MANAGED_DIR names one already built. */
function buildManaged(): void {
  if (process.env.SHARELENS_MANAGED_DIR) {
    if (!existsSync(resolve(MANAGED_BUILD, 'manifest.json')))
      throw new Error(`SHARELENS_MANAGED_DIR is ${MANAGED_BUILD}, but there is no build there.`);
    return;
  }
  try {
    execFileSync('npx', ['wxt', 'build'], {
      stdio: 'pipe',
      env: { ...process.env, SHARELENS_TEST_KEY: '1' },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`The fixed-id build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Only root may write Chromium's policies: anyone else learns how to run this suite, before any build. */
function requireRoot(): void {
  if (process.getuid?.() !== 0)
    throw new Error(
      `The policy test writes a Chromium policy into ${POLICY_DIR}, which only root may do. Run it as root ` +
        '(CI does), for example: sudo env "PATH=$PATH" CHROMIUM_PATH=/usr/bin/chromium npx playwright test ' +
        'tests/e2e/policy.spec.ts',
    );
}

function writePolicy(policy: Record<string, unknown>): void {
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: policy } } }));
}

const policyTest = test.extend({
  extContext: [
    async ({ emulator, pages }, use) => {
      requireRoot();
      buildManaged();
      writePolicy({
        hoverDelayMs: 100,
        // The test pages' server under its other name (a site is a host and its port).
        disabledSites: [otherName(pages.add('/', ''))],
        // Valid for Chrome's schema (a whole number), not for ShareLens (at least 1): ignored, and said so.
        cacheTtlMinutes: 0,
        providers: {
          graph: {
            clientId: CLIENT_ID,
            authority: `${emulator.url}/common`,
            graphEndpoint: `${emulator.url}/v1.0`,
          },
        },
      });
      try {
        const launched = await launchExtension({ extensionDir: MANAGED_BUILD });
        try {
          await use(launched.context);
        } finally {
          await launched.close();
        }
      } finally {
        rmSync(POLICY_FILE, { force: true });
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});

/** The host of a test page's address under the name `localhost` instead of 127.0.0.1. */
const otherName = (address: string) => new URL(address.replace('127.0.0.1', 'localhost')).host;

const wiki = linksPage('Team wiki', [{ href: link('file'), text: 'Budget' }]);

policyTest.describe('settings set by an IT policy', () => {
  policyTest.describe.configure({ mode: 'serial' });

  policyTest('the build the policy names has the fixed id', async ({ extensionId }) => {
    expect(extensionId).toBe(EXTENSION_ID);
  });

  policyTest(
    'the options page shows the policy’s values as set by the organization, and a save keeps them',
    async ({ extContext, extensionId, serviceWorker, pages }) => {
      const options = await extContext.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      // The first page right after the browser started waits for the service worker: on a busy machine, a while.
      await expect(options.getByLabel('Client ID')).toBeVisible({ timeout: 20_000 });
      for (const [label, value] of [
        ['Client ID', CLIENT_ID],
        ['Hover delay (milliseconds)', '100'],
        ['Sites where previews are off', otherName(pages.add('/', ''))],
      ] as const) {
        const field = options.getByLabel(label);
        await expect(field).toHaveValue(value);
        await expect(field).toBeDisabled();
        await expect(field).toHaveAccessibleDescription(/^Set by your organization\./);
      }
      // The policy's cache lifetime is not one ShareLens can use: the person's own stays, and changeable.
      const cache = options.getByLabel('Keep previews for (minutes)');
      await expect(cache).toHaveValue('15');
      await expect(cache).toBeEnabled();
      await expect(cache).toHaveAccessibleDescription(
        /policy gives this setting a value ShareLens cannot use/,
      );

      await cache.fill('20');
      await options.getByRole('button', { name: 'Save' }).click();
      await expect(options.getByText('Settings saved.')).toBeVisible();
      await options.reload();
      await expect(options.getByLabel('Keep previews for (minutes)')).toHaveValue('20');
      await expect(options.getByLabel('Client ID')).toHaveValue(CLIENT_ID);
      await expect(options.getByLabel('Hover delay (milliseconds)')).toHaveValue('100');

      // What the person stored is their own: the policy's values were never written over it.
      const stored = (await serviceWorker.evaluate(() => chrome.storage.local.get('settings'))).settings;
      expect(stored).toMatchObject({
        cacheTtlMinutes: 20,
        hoverDelayMs: 400,
        providers: { graph: { clientId: '' } },
      });

      // And a page that tries anyway (as a disabled field cannot) is refused by the background.
      const forged = await options.evaluate(async () => {
        const current = await chrome.runtime.sendMessage({ type: 'settings/get' });
        return chrome.runtime.sendMessage({
          type: 'settings/save',
          settings: { ...current.data, hoverDelayMs: 2000 },
        });
      });
      expect(forged).toEqual({
        ok: true,
        data: { saved: false, errors: { hoverDelayMs: 'Set by your organization.' } },
      });
      await options.close();
    },
  );

  policyTest(
    'sign-in uses the policy’s client ID, and cards open as the policy says',
    async ({ extContext, extensionId, pages, page }) => {
      const options = await signInWithForm(extContext, extensionId);
      await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();

      const address = pages.add('/policy', wiki);
      await page.goto(address);
      await page.getByRole('link', { name: 'Budget' }).hover();
      const card = await cardFrame(page);
      await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
      await page.keyboard.press('Escape');

      // A site the policy switched off: no card, however long one rests there.
      const elsewhere = await extContext.newPage();
      await elsewhere.goto(address.replace('127.0.0.1', 'localhost'));
      await expect(elsewhere.getByRole('link', { name: 'Budget' })).toBeVisible();
      expect(await hoverOpens(elsewhere, 'Budget', 3_000)).toBe(false);
      await elsewhere.close();

      // The person switches previews off everywhere (the policy leaves that to them): no card, not even here.
      await options.bringToFront();
      const previews = options.getByLabel('Open a card when I rest on a share link');
      await previews.uncheck();
      await options.getByRole('button', { name: 'Save' }).click();
      await expect(options.getByText('Settings saved.')).toBeVisible();
      expect(await hoverOpens(page, 'Budget', 3_000)).toBe(false);
      await options.bringToFront();
      await previews.check();
      await options.getByRole('button', { name: 'Save' }).click();
      await expect(options.getByText('Settings saved.')).toBeVisible();
      expect(await hoverOpens(page, 'Budget', 5_000)).toBe(true);
      await options.close();
    },
  );

  policyTest(
    'a policy removed while the browser runs gives the settings back to the person',
    async ({ extContext, extensionId }) => {
      policyTest.setTimeout(60_000);
      const options = await extContext.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(options.getByLabel('Hover delay (milliseconds)')).toBeDisabled();
      rmSync(POLICY_FILE, { force: true });
      // Chromium notices the folder changed and reloads its policies within seconds; the open page follows.
      const delay = options.getByLabel('Hover delay (milliseconds)');
      await expect(delay).toBeEnabled({ timeout: 40_000 });
      await expect(delay).toHaveValue('400');
      await expect(options.getByLabel('Client ID')).toHaveValue('');
      await expect(options.getByLabel('Client ID')).toBeEnabled();
      await options.close();
    },
  );
});
