/** For the background's tests: a fresh browser, and a signed-in Microsoft account stored where the background keeps it. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCredentialStore } from '@/lib/credential-store';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { forgetSettingsCopy } from '@/utils/settings';

/**
 * Empties the fake browser's storage. Its reset also drops every listener, so the background's copy of the
 * settings (which a storage change would drop in a browser) is dropped here too.
 */
export function resetBrowser(): void {
  fakeBrowser.reset();
  forgetSettingsCopy();
}

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
  forgetSettingsCopy(); // the fake browser tells no listener after a reset
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

/**
 * Graph's answer with `item` as a driveItem: as it is for a plain GET, and inside a `$batch` envelope for a batch
 * (the hover's preview asks for the item and the link's permission together, reference §1.8). The link's
 * permission part says an organization view link.
 */
export function graphReply(input: RequestInfo | URL, init: RequestInit | undefined, item: unknown): Response {
  const headers = { 'content-type': 'application/json' };
  if (!String(input).endsWith('/$batch')) return new Response(JSON.stringify(item), { headers });
  const { requests } = JSON.parse(String(init?.body)) as { requests: Array<{ id: string; url: string }> };
  const responses = requests.map(({ id, url }) =>
    url.endsWith('/permission')
      ? {
          id,
          status: 200,
          body: { id: 'perm', roles: ['read'], link: { type: 'view', scope: 'organization' } },
        }
      : { id, status: 200, body: item },
  );
  return new Response(JSON.stringify({ responses }), { headers });
}

/** The Prefer header a Graph request carried (for a `$batch`, its first part's). */
export function preferOf(input: RequestInfo | URL, init: RequestInit | undefined): string | null {
  if (!String(input).endsWith('/$batch')) return new Headers(init?.headers).get('prefer');
  const { requests } = JSON.parse(String(init?.body)) as {
    requests: Array<{ headers?: { Prefer?: string } }>;
  };
  return requests[0]?.headers?.Prefer ?? null;
}
