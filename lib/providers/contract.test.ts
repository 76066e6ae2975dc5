/**
 * The contract every registered provider keeps: its links are detected as its own, a preview resolves through
 * its client and the one transport, its API's errors map to the same neutral kinds, and its settings section
 * is complete and translatable. Runs against every provider in the registry, with the fixture in its folder.
 */
import { describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import { createTransport } from '../http/transport';
import { detectShareLink } from '../links';
import type { ShareErrorKind } from '../model';
import { ALL_PROVIDERS } from './index';
import { ALL_PROVIDER_INFO } from './info';
import type { ContractFixture, ProviderAccount, ProviderModule } from './types';

const fixtures = import.meta.glob<Record<string, ContractFixture<unknown>>>('./*/contract-fixture.ts', {
  eager: true,
});

function fixtureOf(provider: ProviderModule): ContractFixture<unknown> {
  const module = fixtures[`./${provider.id}/contract-fixture.ts`];
  const fixture = module && Object.values(module)[0];
  if (!fixture) throw new Error(`lib/providers/${provider.id}/contract-fixture.ts is missing`);
  return fixture;
}

/** An account that is signed in (or not) and hands out one credential, then a renewed one. */
function fakeAccount(signedIn: boolean): ProviderAccount & { renewals: number } {
  const account = {
    renewals: 0,
    status: async () => ({ provider: 'test', configured: true, signedIn }),
    signIn: async () => ({ provider: 'test', configured: true, signedIn: true }),
    signOut: async () => {},
    credential: async ({ forceRefresh }: { forceRefresh: boolean }) => {
      if (!signedIn) return null;
      if (forceRefresh) account.renewals++;
      return { name: 'X-Contract-Credential', value: forceRefresh ? 'renewed' : 'first' };
    },
  };
  return account;
}

/** Runs one preview of the fixture's first link against a fake API. */
async function preview(
  provider: ProviderModule,
  api: (request: Request, index: number) => Response | Promise<Response>,
  options: { signedIn?: boolean } = {},
) {
  const fixture = fixtureOf(provider);
  const requests: Request[] = [];
  const transport = createTransport({
    timeoutMs: 200,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return api(request, requests.length - 1);
    },
  });
  const account = fakeAccount(options.signedIn ?? true);
  let time = Date.UTC(2025, 5, 1);
  const client = provider.createClient({
    settings: fixture.settings,
    transport,
    account,
    runtime: {
      now: () => time,
      sleep: async (ms) => {
        time += ms;
      },
      random: () => 0.5,
    },
  });
  const link = detectShareLink(fixture.links[0]!, { providers: { [provider.id]: fixture.settings } });
  if (!link) throw new Error(`${provider.id} does not detect its own first link`);
  const result = await client.resolve(link, {});
  return { result, requests, account };
}

const messageKeys = new Set(Object.keys(english));

describe.each(ALL_PROVIDERS.map((provider) => [provider.id, provider] as const))(
  'provider %s',
  (id, provider) => {
    const fixture = fixtureOf(provider);
    const options = { providers: { [id]: fixture.settings } };
    // A provider may recognise no links at all (Exchange shares mailbox folders): it must then claim none of
    // the look-alikes, and has nothing to preview.
    const linkless = provider.links.kinds.length === 0;

    it('is listed in the light registry in the same place, with the same info', () => {
      expect(ALL_PROVIDER_INFO.map((info) => info.id)).toEqual(ALL_PROVIDERS.map((each) => each.id));
      expect(ALL_PROVIDER_INFO.find((info) => info.id === id)).toMatchObject({
        name: provider.name,
        links: provider.links,
      });
      expect(provider.links.providerId).toBe(id);
      for (const detector of provider.links.detectors)
        expect(provider.links.kinds).toContain(detector.provider);
    });

    it('detects its links as its own, and not their look-alikes', () => {
      if (linkless) expect(fixture.links).toEqual([]);
      for (const href of fixture.links) {
        const link = detectShareLink(href, options);
        expect(link, href).not.toBeNull();
        expect(provider.links.kinds).toContain(link?.provider);
      }
      for (const href of fixture.notLinks) expect(detectShareLink(href, options), href).toBeNull();
    });

    // Previews are for providers that recognise links; one that recognises none (Exchange) defines none of these.
    if (!linkless) {
      describe('previews', () => {
        it('resolves a link to a neutral item, sending its credential only to its own API', async () => {
          const { result, requests } = await preview(provider, (request) => fixture.fileReply(request));
          expect(result).toMatchObject({ ok: true, value: { name: fixture.fileName, kind: 'file' } });
          expect(result.ok && provider.links.kinds).toContain(result.ok && result.value.provider);
          expect(requests.length).toBeGreaterThan(0);
          for (const request of requests) {
            expect(request.headers.get('X-Contract-Credential')).toBe('first');
            expect(request.redirect).toBe('manual');
          }
        });

        it('says "sign in" without sending anything when nobody is signed in', async () => {
          const { result, requests } = await preview(provider, (request) => fixture.fileReply(request), {
            signedIn: false,
          });
          expect(result).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
          expect(result.ok || result.error.status).toBeUndefined();
          expect(requests).toHaveLength(0);
        });

        it('renews the credential once on 401 and tries again', async () => {
          const { result, account } = await preview(provider, (request, index) =>
            index === 0 ? fixture.errorReply(401) : fixture.fileReply(request),
          );
          expect(result).toMatchObject({ ok: true, value: { name: fixture.fileName } });
          expect(account.renewals).toBe(1);
        });

        it.each<[number, ShareErrorKind]>([
          [401, 'unauthenticated'],
          [404, 'notFound'],
          [429, 'throttled'],
          [500, 'server'],
        ])('maps its API error %i to the neutral kind %s', async (status, kind) => {
          const { result } = await preview(provider, () =>
            fixture.errorReply(status, { 'Retry-After': '1' }),
          );
          expect(result).toMatchObject({ ok: false, error: { kind } });
          if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
        });

        it('turns no answer, a late answer and an unreadable answer into errors a person can act on', async () => {
          const offline = await preview(provider, () => Promise.reject(new TypeError('Failed to fetch')));
          expect(offline.result).toMatchObject({ ok: false, error: { kind: 'network' } });
          const late = await preview(provider, () => new Promise<Response>(() => {}));
          expect(late.result).toMatchObject({ ok: false, error: { kind: 'network' } });
          const garbled = await preview(
            provider,
            () => new Response('<<<not what the API sends', { status: 200 }),
          );
          expect(garbled.result).toMatchObject({ ok: false, error: { kind: 'badResponse' } });
        });
      });
    }

    it('has a complete, translatable settings section', () => {
      const { settings } = provider;
      expect(settings.schema.safeParse(settings.defaults).success).toBe(true);
      expect(settings.schema.safeParse(fixture.settings).success).toBe(true);
      expect(messageKeys).toContain(provider.name);
      const shape = Object.keys((settings.schema as unknown as { shape: object }).shape);
      for (const field of provider.fields) {
        expect(shape).toContain(field.key);
        expect(messageKeys).toContain(field.label);
        if (field.hint) expect(messageKeys).toContain(field.hint);
      }
    });
  },
);
