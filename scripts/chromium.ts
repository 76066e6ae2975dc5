import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { BrowserContext, Worker } from '@playwright/test';
import { DEFAULT_SETTINGS, type Settings } from '../lib/settings';

/** Where Debian's Chromium lives; CHROMIUM_PATH wins when set. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];
export const INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y chromium chromium-l10n';
/** Debian ships Chromium's interface languages other than English separately; the German tests need them. */
export const L10N_INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y chromium-l10n';
const GERMAN_LOCALE_PAK = '/usr/lib/chromium/locales/de.pak';

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Returns a Chromium binary, installing Debian's package first when it is missing and we are root.
 * Otherwise it stops with the exact command a person has to run. Debian's Chromium also gets its
 * interface languages (chromium-l10n) the same way, or a warning with the command.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) {
    ensureChromiumLocales(found);
    return found;
  }
  if (process.env.CHROMIUM_PATH) {
    throw new Error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but there is no file there.`);
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian’s chromium package…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'chromium-l10n'], { stdio: 'inherit', env });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    `Chromium was not found. Install it with:\n  ${INSTALL_COMMAND}\nor point CHROMIUM_PATH at a Chromium binary.`,
  );
}

/**
 * Debian's Chromium shows only English without chromium-l10n, whatever LANGUAGE says. Installs it when we
 * are root with apt-get; otherwise says how (the German browser tests need it, the others do not).
 */
function ensureChromiumLocales(chromium: string): void {
  const debian = chromium === '/usr/bin/chromium' || chromium.startsWith('/usr/lib/chromium/');
  if (!debian || existsSync(GERMAN_LOCALE_PAK)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium’s interface languages are missing: installing Debian’s chromium-l10n package…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium-l10n'], { stdio: 'inherit', env });
    } catch {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium-l10n'], { stdio: 'inherit', env });
    }
    if (existsSync(GERMAN_LOCALE_PAK)) return;
  }
  console.warn(
    `Chromium has no interface languages besides English, so the German browser tests will fail. Install them with:\n  ${L10N_INSTALL_COMMAND}`,
  );
}

/** Flags every launch needs on these machines: no background traffic, no first-run UI. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
  ];
}

/** The extension's service worker. Polls as well as listens: the worker can start before a listener is set. */
export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const worker = context.serviceWorkers()[0];
    if (worker) return worker;
    const started = await context.waitForEvent('serviceworker', { timeout: 200 }).catch(() => undefined);
    if (started) return started;
  }
  throw new Error(`The extension's service worker did not start (is the extension built?)`);
}

/** Points the extension at a local emulator, as a person would in the options page (storage is the API). */
export async function configureForEmulator(
  worker: Worker,
  emulatorUrl: string,
  clientId: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    providers: {
      ...DEFAULT_SETTINGS.providers,
      graph: { clientId, authority: `${emulatorUrl}/common`, graphEndpoint: `${emulatorUrl}/v1.0` },
    },
    ...extra,
  };
  await worker.evaluate(async (settings) => chrome.storage.local.set({ settings }), settings);
}

/** Debian's package with fonts for Chinese, Japanese and Korean, which the demo data's names use. */
export const FONTS_INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y fonts-noto-cjk';

/**
 * The store screenshots show names in Cyrillic and Japanese; without a CJK font Chromium draws boxes. Installs
 * Debian's Noto CJK when we are root with apt-get, otherwise says how (the screenshots are still taken).
 */
export function ensureFonts(): void {
  const hasJapanese = () => {
    try {
      return execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }).trim() !== '';
    } catch {
      return false;
    }
  };
  if (hasJapanese()) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Fonts for Japanese names are missing: installing Debian’s fonts-noto-cjk…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], { stdio: 'inherit', env });
    } catch {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], { stdio: 'inherit', env });
    }
    if (hasJapanese()) return;
  }
  console.warn(
    `Japanese names will show as boxes in the screenshots. Install fonts with:\n  ${FONTS_INSTALL_COMMAND}`,
  );
}
