/** The ContentStore account against a fake server: XML or JSON Login answers, one renewal for many 401s, failure. */
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../http/transport';
import type { AccountEnvironment, KeyValueArea } from '../types';
import { createContentStoreAccount } from './account';
import { DEFAULT_LINK_PATTERNS } from './patterns';
import type { ContentStoreSettings } from './settings';

function area(): KeyValueArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
  };
}

function accountWith(server: (request: Request, body: string) => Response | Promise<Response>) {
  const calls: string[] = [];
  let signedOut = 0;
  const settings: ContentStoreSettings = {
    servers: [
      {
        id: 's',
        webAddress: 'https://cs.contoso.com',
        apiPath: 'webconsole/api',
        userName: 'megan',
        linkPatterns: [...DEFAULT_LINK_PATTERNS],
      },
    ],
  };
  const env: AccountEnvironment<ContentStoreSettings> = {
    settings: async () => settings,
    local: area(),
    session: area(),
    transport: createTransport({
      fetch: async (input, init) => {
        const request = new Request(input, init);
        calls.push(new URL(request.url).pathname.split('/').pop() as string);
        return server(request, await request.clone().text());
      },
    }),
    onSignedOut: async () => {
      signedOut++;
    },
    webAuth: { redirectUrl: () => '', launch: async () => undefined },
    now: Date.now,
  };
  return { account: createContentStoreAccount(env), calls, signedOut: () => signedOut };
}

const xml = (text: string) => new Response(text, { headers: { 'content-type': 'application/xml' } });
const json = (value: unknown) =>
  new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });

describe('ContentStore account', () => {
  it('sends the password base64-encoded and reads an XML answer too', async () => {
    let sent: unknown;
    const { account } = accountWith((_request, body) => {
      sent = JSON.parse(body);
      return xml('<DM2ContentIndexing_CheckCredentialResp token="QSDK 1" userName="megan"/>');
    });
    await account.signIn({ resource: 's', password: 'pässword' });
    expect(sent).toEqual({
      username: 'megan',
      password: btoa(String.fromCharCode(...new TextEncoder().encode('pässword'))),
    });
    expect(await account.credential({ forceRefresh: false, resource: 's' })).toEqual({
      name: 'Authtoken',
      value: 'QSDK 1',
    });
    expect(await account.credential({ forceRefresh: false, resource: 'other' })).toBeNull();
  });

  it('refuses wrong credentials (200 with errList) with a sentence, and keeps nothing', async () => {
    const { account } = accountWith(() =>
      json({ errList: [{ errorCode: 5, errLogMessage: 'Invalid Username or Password' }] }),
    );
    await expect(account.signIn({ resource: 's', password: 'x' })).rejects.toMatchObject({ code: 'refused' });
    expect((await account.status()).signedIn).toBe(false);
  });

  it('renews once for many concurrent 401s, and signs out when the renewal is refused', async () => {
    let token = 1;
    let renewals = 0;
    let refuse = false;
    const { account, calls, signedOut } = accountWith(async (request) => {
      if (request.url.endsWith('/Login')) return json({ token: `QSDK ${token}` });
      renewals++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (refuse)
        return json({ error: { errorCode: 401, errLogMessage: 'Invalid authorization token provided.' } });
      token++;
      return json({ token: `QSDK ${token}` });
    });
    await account.signIn({ resource: 's', password: 'megan-pass' });
    const renewed = await Promise.all(
      [1, 2, 3].map(() => account.credential({ forceRefresh: true, resource: 's' })),
    );
    expect(renewals).toBe(1);
    expect(renewed.map((each) => each?.value)).toEqual(['QSDK 2', 'QSDK 2', 'QSDK 2']);
    expect(calls.filter((each) => each === 'RenewLoginToken')).toHaveLength(1);
    refuse = true;
    expect(await account.credential({ forceRefresh: true, resource: 's' })).toBeNull();
    expect(signedOut()).toBe(1);
    expect((await account.status()).signedIn).toBe(false);
  });
});
