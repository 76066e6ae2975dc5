import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetSettingsCopy } from '@/utils/settings';
import { openSetupOnInstall, setupInfo } from './setup';
import { resetBrowser, TEST_SETTINGS } from './test-support';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';

describe('the first run', () => {
  beforeEach(() => {
    resetBrowser();
    Object.assign(fakeBrowser, { identity: { getRedirectURL: () => REDIRECT } });
  });

  it('opens the setup page when ShareLens is installed without a Client ID', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await openSetupOnInstall({ reason: 'install' });
    expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/setup.html') });
  });

  it('does not open it when the settings already have a Client ID, nor on an update', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await openSetupOnInstall({ reason: 'update' });
    await fakeBrowser.storage.local.set({ settings: TEST_SETTINGS });
    forgetSettingsCopy(); // the fake browser tells no listener after a reset
    await openSetupOnInstall({ reason: 'install' });
    expect(create).not.toHaveBeenCalled();
  });

  it('does not open it when an IT department installed ShareLens (its policy may not be read yet)', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    Object.assign(fakeBrowser, { management: { getSelf: async () => ({ installType: 'admin' }) } });
    try {
      await openSetupOnInstall({ reason: 'install' });
      expect(create).not.toHaveBeenCalled();
      Object.assign(fakeBrowser, { management: { getSelf: async () => ({ installType: 'normal' }) } });
      await openSetupOnInstall({ reason: 'install' });
      expect(create).toHaveBeenCalledTimes(1);
    } finally {
      Object.assign(fakeBrowser, { management: undefined });
    }
  });

  it('tells the setup page the redirect URI sign-in sends and the permissions it asks for', async () => {
    await fakeBrowser.storage.local.set({ settings: TEST_SETTINGS });
    const info = await setupInfo();
    expect(info.redirectUri).toBe(REDIRECT);
    // The test settings' Graph endpoint is its own host: its scopes are still Microsoft Graph's.
    expect(info.permissions).toContainEqual({ api: 'graph', name: 'Files.Read.All', use: 'signIn' });
  });
});
