import { describe, expect, it, vi } from 'vitest';
import { createTransport } from '../../http/transport';
import type { KeyValueArea } from '../types';
import { createGraphAccount } from './account';
import type { GraphSettings } from './settings';

const SETTINGS: GraphSettings = {
  clientId: 'client-1',
  authority: 'https://login.example.test/common',
  graphEndpoint: 'https://graph.example.test/v1.0',
};
const EWS = 'https://outlook.office365.com/EWS.AccessAsUser.All';
const NOW = Date.UTC(2025, 5, 1);

function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => void data.set(key, value),
    remove: async (key) => void data.delete(key),
  };
}

/**
 * A token endpoint that rotates refresh tokens, or refuses them with `invalid_grant` (`consent`: with the
 * identity platform's `suberror: consent_required`, for a permission never consented).
 */
function tokenEndpoint(options: { refuse?: boolean | 'consent' } = {}) {
  const grants: URLSearchParams[] = [];
  const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body));
    grants.push(form);
    if (options.refuse === 'consent') {
      return Response.json(
        {
          error: 'invalid_grant',
          error_description: 'AADSTS65001: not consented.',
          suberror: 'consent_required',
        },
        { status: 400 },
      );
    }
    if (options.refuse) {
      return Response.json(
        { error: 'invalid_grant', error_description: 'AADSTS700084: expired.' },
        { status: 400 },
      );
    }
    return Response.json({
      token_type: 'Bearer',
      access_token: `access-${grants.length}`,
      refresh_token: `refresh-${grants.length}`,
      expires_in: 3600,
      scope: form.get('scope'),
    });
  });
  return { transport: createTransport({ fetch }), grants };
}

/** The web-auth window's answer with prompt=none when the identity platform has no session: an error, with our state. */
async function noSession(url: string): Promise<string> {
  const state = new URL(url).searchParams.get('state') ?? '';
  return `https://ext.chromiumapp.org/?error=login_required&error_description=AADSTS50058&state=${state}`;
}

function setup(
  options: {
    refuse?: boolean | 'consent';
    settings?: GraphSettings;
    launch?: (url: string, interactive: boolean) => Promise<string | undefined>;
    transport?: ReturnType<typeof createTransport>;
  } = {},
) {
  const local = memoryArea({
    'auth.account': {
      id: 'megan',
      displayName: 'Megan Bowen',
      username: 'megan@contoso.com',
      ...SETTINGS,
      refreshToken: 'refresh-0',
    },
  });
  const session = memoryArea();
  const endpoint = tokenEndpoint(options);
  const launch = vi.fn(options.launch ?? noSession);
  const account = createGraphAccount({
    settings: async () => options.settings ?? SETTINGS,
    local,
    session,
    transport: options.transport ?? endpoint.transport,
    webAuth: { redirectUrl: () => 'https://ext.chromiumapp.org/', launch },
    now: () => NOW,
  });
  return { account, local, session, grants: endpoint.grants, launch };
}

describe('the Microsoft account', () => {
  it('mints one token per resource from the refresh token, keeping each apart', async () => {
    const { account, session, local, grants } = setup();
    expect(await account.credential({ forceRefresh: false })).toEqual({
      name: 'Authorization',
      value: 'Bearer access-1',
    });
    expect(grants[0]?.get('grant_type')).toBe('refresh_token');
    expect(grants[0]?.get('scope')).toContain('https://graph.example.test/Files.Read.All');
    // The identity platform rotates refresh tokens: the newest is kept.
    expect(local.data.get('auth.account')).toMatchObject({ refreshToken: 'refresh-1' });

    expect(await account.credential({ forceRefresh: false, resource: EWS })).toEqual({
      name: 'Authorization',
      value: 'Bearer access-2',
    });
    expect(grants[1]?.get('scope')?.split(' ')).toContain(EWS);
    expect(grants[1]?.get('refresh_token')).toBe('refresh-1');

    // Both are served from session storage until they near expiry.
    expect((await account.credential({ forceRefresh: false }))?.value).toBe('Bearer access-1');
    expect((await account.credential({ forceRefresh: false, resource: EWS }))?.value).toBe('Bearer access-2');
    expect(grants).toHaveLength(2);
    expect([...session.data.keys()].sort()).toEqual(['auth.session', 'auth.session.resources']);
  });

  it('uses a token it knows without reading storage again, while the settings and the account stay', async () => {
    const { account, session, local } = setup();
    await account.credential({ forceRefresh: false }); // renews with the refresh token
    await account.credential({ forceRefresh: false }); // reads the new token from session storage
    const sessionReads = vi.spyOn(session, 'get');
    const localReads = vi.spyOn(local, 'get');
    expect((await account.credential({ forceRefresh: false }))?.value).toBe('Bearer access-1');
    // A hover is on the person's clock: no storage read for a token this worker already holds.
    expect(sessionReads).not.toHaveBeenCalled();
    expect(localReads).not.toHaveBeenCalled();
    await account.signOut();
    expect(await account.credential({ forceRefresh: false })).toBeNull();
  });

  it('signing out removes the account and every token, and sends nothing afterwards', async () => {
    const { account, session, local, grants } = setup();
    await account.credential({ forceRefresh: false });
    await account.credential({ forceRefresh: false, resource: EWS });
    await account.signOut();
    expect(session.data.size).toBe(0);
    expect(local.data.size).toBe(0);
    expect(await account.status()).toMatchObject({ provider: 'graph', signedIn: false, configured: true });
    expect(await account.credential({ forceRefresh: true })).toBeNull();
    expect(grants).toHaveLength(2);
  });

  it('an account made for another client or endpoint does not count', async () => {
    const { account, grants } = setup({ settings: { ...SETTINGS, clientId: 'client-2' } });
    expect(await account.status()).toMatchObject({ signedIn: false });
    expect(await account.credential({ forceRefresh: false })).toBeNull();
    expect(grants).toHaveLength(0);
  });

  it('a refused refresh token and no session at the identity platform sign the person out', async () => {
    const { account, local, launch } = setup({ refuse: true });
    expect(await account.credential({ forceRefresh: false })).toBeNull();
    // The silent attempt runs without a window, for the same person.
    expect(launch).toHaveBeenCalledWith(expect.stringContaining('prompt=none'), false);
    expect(launch).toHaveBeenCalledWith(expect.stringContaining('login_hint=megan%40contoso.com'), false);
    expect(local.data.has('auth.account')).toBe(false);
    expect(await account.status()).toMatchObject({ signedIn: false });
  });

  it('a silent window that fails without an answer (offline, timeout) keeps the account', async () => {
    const { account, local, launch } = setup({
      refuse: true,
      launch: async () => {
        throw new Error('Authorization page could not be loaded.');
      },
    });
    expect(await account.credential({ forceRefresh: false })).toBeNull();
    expect(launch).toHaveBeenCalledTimes(1);
    expect(local.data.has('auth.account')).toBe(true);
    expect(await account.status()).toMatchObject({ signedIn: true });
  });

  it('an error on another page than the redirect URI, or for another state, keeps the account', async () => {
    for (const answer of [
      'https://evil.example/?error=login_required',
      'https://ext.chromiumapp.org/?error=login_required&state=not-ours',
    ]) {
      const { account, local } = setup({ refuse: true, launch: async () => answer });
      expect(await account.credential({ forceRefresh: false })).toBeNull();
      expect(local.data.has('auth.account'), answer).toBe(true);
    }
  });

  it.each([
    ['a network error', () => Promise.reject(new TypeError('fetch failed'))],
    ['a 503', async () => new Response('busy', { status: 503 })],
  ])('%s at the token endpoint during silent renewal keeps the account', async (_, failure) => {
    let calls = 0;
    const transport = createTransport({
      fetch: async () => {
        calls += 1;
        // The refresh token is refused; the code from the silent window then meets a broken endpoint.
        if (calls === 1) return Response.json({ error: 'invalid_grant' }, { status: 400 });
        return failure();
      },
    });
    const launch = async (url: string) => {
      const state = new URL(url).searchParams.get('state') ?? '';
      return `https://ext.chromiumapp.org/?code=c1&state=${state}`;
    };
    const { account, local } = setup({ transport, launch });
    expect(await account.credential({ forceRefresh: false })).toBeNull();
    expect(calls).toBe(2);
    expect(local.data.has('auth.account')).toBe(true);
  });

  it('a permission never consented gives no token, but neither a silent attempt nor a sign-out', async () => {
    const { account, local, launch } = setup({ refuse: 'consent' });
    expect(await account.credential({ forceRefresh: false, resource: EWS })).toBeNull();
    expect(launch).not.toHaveBeenCalled();
    expect(local.data.has('auth.account')).toBe(true);
    expect(await account.status()).toMatchObject({ signedIn: true });
  });
});

describe('the Microsoft account, when sign-in and sign-out race', () => {
  it('a renewal that finishes after a sign-out writes nothing back', async () => {
    const { account, local, session } = setup();
    const onSignedOut = vi.fn(async () => {});
    // Hold the token answer until the person has signed out.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = createGraphAccount({
      settings: async () => SETTINGS,
      local,
      session,
      transport: createTransport({
        fetch: async () => {
          await held;
          return Response.json({
            token_type: 'Bearer',
            access_token: 'late',
            refresh_token: 'late-r',
            expires_in: 3600,
          });
        },
      }),
      webAuth: { redirectUrl: () => 'https://ext.chromiumapp.org/', launch: vi.fn() },
      now: () => NOW,
      onSignedOut,
    });
    void account;
    const renewing = slow.credential({ forceRefresh: true });
    await slow.signOut();
    release();
    expect(await renewing).toBeNull();
    expect(local.data.size).toBe(0);
    expect(session.data.size).toBe(0);
    expect(await slow.status()).toMatchObject({ signedIn: false });
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('an account stored for another client is removed, not kept beside the new one', async () => {
    const { account, local } = setup({ settings: { ...SETTINGS, clientId: 'client-2' } });
    expect(await account.status()).toMatchObject({ signedIn: false });
    expect(local.data.has('auth.account')).toBe(false);
  });
});
