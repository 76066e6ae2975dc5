import type { Browser } from 'wxt/browser';
import type { SetupInfo } from '@/lib/messages';
import { permissionsToAdd, setupNeededOnInstall } from '@/lib/setup';
import { loadSettings } from '@/utils/settings';
import { openSetupPage } from '@/utils/setup-page';
import { webAuthRedirectUrl } from './accounts';

/**
 * A fresh install opens the setup page, so a person who installed ShareLens learns what it needs before a
 * card says "sign in" and sign-in says "no Client ID". Not when the settings already have one (a policy set it).
 */
export async function openSetupOnInstall(details: Pick<Browser.runtime.InstalledDetails, 'reason'>) {
  if (setupNeededOnInstall(details.reason, await loadSettings())) await openSetupPage();
}

export async function setupInfo(): Promise<SetupInfo> {
  const settings = await loadSettings();
  return {
    redirectUri: webAuthRedirectUrl(),
    permissions: permissionsToAdd(settings.providers.graph.graphEndpoint),
  };
}
