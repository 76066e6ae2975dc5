import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian's Firefox ESR lives; FIREFOX_PATH wins when set. */
const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'];
export const FIREFOX_INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y firefox-esr';

export function findFirefox(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Returns a Firefox binary, installing Debian's firefox-esr first when it is missing and we are root.
 * Otherwise it stops with the exact command a person has to run (as scripts/chromium.ts does for Chromium).
 */
export function ensureFirefox(): string {
  const found = findFirefox();
  if (found) return found;
  if (process.env.FIREFOX_PATH) {
    throw new Error(`FIREFOX_PATH is set to ${process.env.FIREFOX_PATH}, but there is no file there.`);
  }
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Firefox is missing: installing Debian’s firefox-esr package…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'firefox-esr'], { stdio: 'inherit', env });
    const installed = findFirefox();
    if (installed) return installed;
  }
  throw new Error(
    `Firefox was not found. Install it with:\n  ${FIREFOX_INSTALL_COMMAND}\nor point FIREFOX_PATH at a Firefox binary.`,
  );
}
