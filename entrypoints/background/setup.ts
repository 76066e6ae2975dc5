import { type Browser, browser } from 'wxt/browser';
import type { SetupInfo } from '@/lib/messages';
import { permissionsToAdd, setupNeededOnInstall } from '@/lib/setup';
import { loadSettings } from '@/utils/settings';
import { openSetupPage } from '@/utils/setup-page';
import { webAuthRedirectUrl } from './accounts';

/**
 * A fresh install opens the setup page, so a person who installed ShareLens learns what it needs before a
 * card says "sign in" and sign-in says "no Client ID". Not when the settings already have one (a policy set it),
 * nor when an IT department installed it: Chromium may not have loaded its policy (storage.managed) yet when a
 * force-installed extension first runs (w3c/webextensions#547), and the IT department sets it up, not the person.
 */
export async function openSetupOnInstall(details: Pick<Browser.runtime.InstalledDetails, 'reason'>) {
  if (!setupNeededOnInstall(details.reason, await loadSettings())) return;
  const self = await Promise.resolve()
    .then(() => browser.management?.getSelf())
    .catch(() => undefined); // not there (some browsers), or refused: then the page opens
  if (self?.installType === 'admin') return;
  await openSetupPage();
}

export async function setupInfo(): Promise<SetupInfo> {
  const settings = await loadSettings();
  return {
    redirectUri: webAuthRedirectUrl(),
    permissions: permissionsToAdd(settings.providers.graph.graphEndpoint),
  };
}
