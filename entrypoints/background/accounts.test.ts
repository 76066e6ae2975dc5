import { Base64 } from 'js-base64';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCredentialStore } from '@/lib/credential-store';
import { createTransport } from '@/lib/http';
import { loadSettings, saveSettings } from '@/utils/settings';
import { accountFor, withDeadline } from './accounts';

const GRAPH = {
  clientId: 'client-1',
  authority: 'https://login.example.test/common',
  graphEndpoint: 'https://graph.example.test/v1.0',
};
const REDIRECT = 'https://ext.chromiumapp.org/';
const idToken = `e30.${Base64.encodeURI(JSON.stringify({ sub: 'megan', name: 'Megan Bowen', preferred_username: 'megan@contoso.com' }))}.sig`;

// A token endpoint that hands out a new refresh token with every grant.
const tokens = vi.hoisted(() => ({ grants: 0 }));
vi.mock('./network', () => ({
  transport: createTransport({
    fetch: async () => {
      tokens.grants++;
      return Response.json({
        token_type: 'Bearer',
        access_token: `access-${tokens.grants}`,
        refresh_token: `refresh-${tokens.grants}`,
        id_token: idToken,
        expires_in: 3600,
      });
    },
  }),
}));

/** Everything in storage.local and storage.sync, as text. */
async function readableByContentScripts(): Promise<string> {
  return JSON.stringify([
    await fakeBrowser.storage.local.get(null),
    await fakeBrowser.storage.sync.get(null),
  ]);
}

describe('where accounts keep their credentials', () => {
  beforeEach(async () => {
    const settings = await loadSettings();
    await saveSettings({ ...settings, providers: { ...settings.providers, graph: GRAPH } });
    Object.assign(fakeBrowser, {
      identity: {
        getRedirectURL: () => REDIRECT,
        launchWebAuthFlow: async ({ url }: { url: string }) =>
          `${REDIRECT}?code=code-1&state=${new URL(url).searchParams.get('state')}`,
      },
    });
  });

  it('takes over an account an earlier version kept in storage.local, keeping the person signed in', async () => {
    const account = { id: 'megan', displayName: 'Megan Bowen', username: 'megan@contoso.com', ...GRAPH };
    await fakeBrowser.storage.local.set({ 'auth.account': { ...account, refreshToken: 'refresh-old' } });

    expect(await accountFor('graph').status()).toMatchObject({ signedIn: true });
    expect(await accountFor('graph').credential({ forceRefresh: false })).toMatchObject({
      value: expect.stringMatching(/^Bearer access-/),
    });
    const stored = await createCredentialStore().get('auth.account');
    expect(stored).toMatchObject({ ...account, refreshToken: `refresh-${tokens.grants}` });
    expect(await readableByContentScripts()).not.toMatch(/auth\.|refresh-/);
    // The settings stay where they were.
    expect(await fakeBrowser.storage.local.get('settings')).toHaveProperty('settings');
  });

  it('after sign-in, nothing credential-like is in storage.local or storage.sync', async () => {
    expect(await accountFor('graph').signIn()).toMatchObject({ signedIn: true });
    const stored = await createCredentialStore().get('auth.account');
    expect(stored).toMatchObject({ username: 'megan@contoso.com', refreshToken: `refresh-${tokens.grants}` });
    expect(await readableByContentScripts()).not.toMatch(/auth\.|refresh|access-|Token/i);
  });
});

describe('withDeadline', () => {
  it('fails a silent sign-in window that never answers, instead of waiting for ever', async () => {
    vi.useFakeTimers();
    try {
      const never = withDeadline(new Promise<string>(() => {}), 15_000);
      const settled = vi.fn();
      never.catch(settled);
      await vi.advanceTimersByTimeAsync(14_999);
      expect(settled).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      await expect(never).rejects.toThrow('No answer within 15000 ms.');
      // An answer in time is passed on as it is.
      await expect(
        withDeadline(Promise.resolve('https://ext.chromiumapp.org/#code=1'), 15_000),
      ).resolves.toBe('https://ext.chromiumapp.org/#code=1');
    } finally {
      vi.useRealTimers();
    }
  });
});
