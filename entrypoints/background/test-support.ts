/** For the background's tests: a signed-in Microsoft account, stored where the background keeps it. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCredentialStore } from '@/lib/credential-store';
import { DEFAULT_SETTINGS } from '@/lib/settings';

export const TEST_GRAPH = 'https://graph.example.test/v1.0';
export const TEST_SETTINGS = {
  ...DEFAULT_SETTINGS,
  providers: {
    ...DEFAULT_SETTINGS.providers,
    graph: { ...DEFAULT_SETTINGS.providers.graph, clientId: 'client', graphEndpoint: TEST_GRAPH },
  },
};

/** Settings pointing at {@link TEST_GRAPH}, Megan's account (in IndexedDB) and an access token valid for an hour. */
export async function signedIn(): Promise<void> {
  await fakeBrowser.storage.local.set({ settings: TEST_SETTINGS });
  await createCredentialStore().set('auth.account', {
    id: 'megan',
    displayName: 'Megan Bowen',
    username: 'megan@contoso.com',
    authority: DEFAULT_SETTINGS.providers.graph.authority,
    clientId: 'client',
    graphEndpoint: TEST_GRAPH,
    refreshToken: 'refresh',
  });
  await fakeBrowser.storage.session.set({
    'auth.session': { accessToken: 'token', expiresAt: Date.now() + 3_600_000 },
  });
}
