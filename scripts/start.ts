/**
 * `npm start`: builds the extension, starts the emulator with the demo dataset, serves the demo page and
 * opens Chromium with ShareLens loaded, pointed at the emulator and signed in.
 * With a display it stays open until you close the browser. Without one it runs headless: hovers two links,
 * opens the popup and its share panel, saves the store's screenshots (1280 × 800: file card, folder card,
 * options, popup, share panel) and promo tile (440 × 280) into a folder it names, prints a summary and exits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Frame, type Page } from '@playwright/test';
import type { Dataset, Item } from '../emulator/dataset';
import { startEmulator } from '../emulator/server';
import { chromiumArgs, configureForEmulator, ensureChromium, ensureFonts, serviceWorkerOf } from './chromium';
import { demoPage } from './demo-page';

const EXTENSION_DIR = resolve('.output/chrome-mv3');
const DATASET = resolve('emulator/data/demo.json');
const CLIENT_ID = 'sharelens-demo';

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;

function step(text: string) {
  console.log(`• ${text}`);
}

/** The name of the item a labelled demo link points at. */
function itemName(dataset: Dataset, label: string): string {
  const id = dataset.links.find((link) => link.label === label)?.item;
  const find = (items: Item[]): Item | undefined =>
    items.find((item) => item.id === id) ?? items.map((item) => find(item.children ?? [])).find(Boolean);
  const item = dataset.drives.map((drive) => find(drive.items)).find(Boolean);
  if (!item) throw new Error(`The demo dataset has no item for the link labelled ${label}.`);
  return item.name;
}

async function cardFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((each) => each.url().includes('/card.html'));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error('The hover card did not appear.');
}

/** A 1280 × 800 store screenshot: the page, with the popup where the browser opens it (below its button). */
async function overPage(context: BrowserContext, page: Buffer, popup: Buffer, path: string): Promise<string> {
  const stage = await context.newPage();
  await stage.setViewportSize({ width: 1280, height: 800 });
  const png = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
  await stage.setContent(`<body style="margin:0">
    <img src="${png(page)}" style="display:block;width:1280px;height:800px;filter:brightness(.92)" alt="">
    <img src="${png(popup)}" alt="" style="position:absolute;top:8px;right:24px;border-radius:8px;
      box-shadow:0 10px 32px rgba(0,0,0,.35)">
  </body>`);
  await stage.screenshot({ path });
  await stage.close();
  return path;
}

/** The Chrome Web Store's small promo tile (440 × 280): the icon, the name and what it does. */
async function promoTile(context: BrowserContext, path: string): Promise<string> {
  const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8'));
  const icon = readFileSync('public/icon/128.png').toString('base64');
  const stage = await context.newPage();
  await stage.setViewportSize({ width: 440, height: 280 });
  await stage.setContent(`<body style="margin:0;width:440px;height:280px;display:flex;align-items:center;gap:8px;
      padding:0 28px;box-sizing:border-box;background:linear-gradient(135deg,#0f6cbd,#283593);color:#fff;
      font-family:system-ui,sans-serif">
    <img src="data:image/png;base64,${icon}" width="128" height="128" alt="">
    <div><div style="font-size:40px;font-weight:700">${messages.extName.message}</div>
      <div style="font-size:18px;line-height:1.35;margin-top:6px">${messages.extDescription.message}</div></div>
  </body>`);
  await stage.screenshot({ path });
  await stage.close();
  return path;
}

async function main() {
  const chromiumPath = ensureChromium();
  if (!headed) ensureFonts();
  step('Building the extension (Chrome MV3)…');
  const build = spawnSync('npx', ['wxt', 'build'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`The build failed:\n${build.stdout}${build.stderr}`);

  const emulator = await startEmulator({
    port: Number(process.env.EMULATOR_PORT ?? 0),
    data: DATASET,
    autoLogin: true,
  });
  step(`Emulator (Microsoft Graph + identity platform): ${emulator.url}`);

  const dataset = JSON.parse(readFileSync(DATASET, 'utf8')) as Dataset;
  const html = demoPage(dataset.links);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((done) => server.listen(Number(process.env.DEMO_PORT ?? 0), '127.0.0.1', done));
  const demoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wiki/q3-launch`;
  step(`Demo page: ${demoUrl}`);

  const profile = mkdtempSync(join(tmpdir(), 'sharelens-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: !headed,
    viewport: headed ? null : { width: 1280, height: 800 },
    args: chromiumArgs(EXTENSION_DIR),
  });
  const shutdown = async () => {
    await context.close().catch(() => {});
    server.close();
    await emulator.close();
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const worker = await serviceWorkerOf(context);
    const extensionId = new URL(worker.url()).host;
    await configureForEmulator(worker, emulator.url, CLIENT_ID);
    // The first-run setup page opened on install; the demo configures ShareLens itself.
    for (const each of context.pages()) if (each.url().includes('/setup.html')) await each.close();

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sign in' }).click();
    const signedInAs = options.getByText(/^Signed in as/);
    await signedInAs.waitFor({ timeout: 15_000 });
    step(`${(await signedInAs.textContent())?.trim()} (emulator session)`);

    const page = await context.newPage();
    await page.goto(demoUrl);

    if (headed) {
      step('Chromium is open: hover any link on the demo page. Close the browser to stop.');
      await new Promise<void>((done) => context.on('close', () => done()));
      await shutdown();
      return;
    }

    const folder = resolve('demo-output', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(folder, { recursive: true });
    const shots: string[] = [];
    const hover = async (name: string, label: string, file: string) => {
      await page.getByRole('link', { name, exact: true }).first().hover();
      const card = await cardFrame(page);
      // Wait for this link's item, not whatever the card showed before.
      const heading = card.getByRole('heading', { name: itemName(dataset, label), exact: true });
      await heading.waitFor({ timeout: 10_000 });
      await page.waitForTimeout(300); // let the thumbnail and layout settle
      const path = join(folder, file);
      await page.screenshot({ path });
      shots.push(path);
      return (await heading.textContent())?.trim();
    };
    const file = await hover('Budget 2027 (Excel)', 'file', 'card-file.png');
    step(`Hovered a SharePoint file link: card shows “${file}”`);
    await page.mouse.move(1200, 780);
    await page.waitForTimeout(500);
    const dir = await hover('the launch assets folder', 'folder', 'card-folder.png');
    step(`Hovered a SharePoint folder link: card shows “${dir}”`);

    // Counted before the popup and the share panel make their own.
    const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
      requests: Array<{ path: string; method: string }>;
    };
    const graphCalls = log.requests.filter(
      (each: { path: string; method?: string }) =>
        each.path.startsWith('/v1.0/') && each.method !== 'OPTIONS',
    ).length;
    await options.bringToFront();
    const optionsShot = join(folder, 'options.png');
    await options.screenshot({ path: optionsShot }); // the store's 1280 × 800
    shots.push(optionsShot);

    // The popup is a small window over the page: drawn as the browser shows it, top right over the demo page.
    await page.mouse.move(1200, 780);
    await page.bringToFront();
    await page.waitForTimeout(500);
    const backdrop = await page.screenshot();
    const tabId = await worker.evaluate(
      async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
    );
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 440, height: 580 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByRole('list', { name: /share links/i }).waitFor({ timeout: 15_000 });
    await popup.getByText(itemName(dataset, 'unicode')).first().waitFor({ timeout: 15_000 });
    shots.push(await overPage(context, backdrop, await popup.screenshot(), join(folder, 'popup.png')));
    step('Opened the popup: it lists the share links of the demo page');

    await popup.getByRole('button', { name: `Share ${itemName(dataset, 'file')}` }).click();
    const allow = popup.getByRole('button', { name: 'Allow sharing' });
    const access = popup.getByRole('list', { name: 'Who has access' });
    await allow.or(access).waitFor({ timeout: 10_000 });
    if (await allow.isVisible()) await allow.click(); // the demo account consents by itself
    await access.waitFor({ timeout: 15_000 });
    shots.push(await overPage(context, backdrop, await popup.screenshot(), join(folder, 'share.png')));
    step('Opened Share… for the budget: who has access, a new link, invitations');

    shots.push(await promoTile(context, join(folder, 'promo-tile.png')));

    console.log(`\nScreenshots saved in ${folder}:`);
    for (const shot of shots) console.log(`  ${shot}`);
    console.log(`Graph requests for the two previews: ${graphCalls}`);
    console.log('No display found, so the demo ran headless. Run it on a desktop to use it yourself.');
    await shutdown();
  } catch (error) {
    await shutdown();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
