/**
 * The Graph provider against the local emulator, which is as strict as the real services: it signs in with
 * exactly the scopes it needs, sends a `$select` Graph accepts, never reads an access token (personal accounts
 * get opaque ones), keeps the account when a permission was never consented, and honours Retry-After where a
 * browser lets it read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, DEMO_DATASET_PATH, loadDataset } from '../../../emulator/dataset';
import { type RunningEmulator, startEmulator } from '../../../emulator/server';
import { DRIVE_ITEM } from '../../../emulator/services/graph/odata';
import { demoLinkUrl, encodeSharingUrl } from '../../../emulator/testing';
import { createTransport } from '../../http/transport';
import type { ShareLink } from '../../model';
import type { ProviderAccount } from '../types';
import { createGraphClient } from './client';
import { CHILD_SELECT, DRIVE_ITEM_SELECT } from './schemas';
import { emulatorAccount as accountFor, corsFetch, fakeClock, REDIRECT_URI } from './test-support';

const EWS = 'https://outlook.office365.com/EWS.AccessAsUser.All';

function clientFor(emulator: RunningEmulator, account: ProviderAccount, fetchFn: typeof fetch = fetch) {
  const clock = fakeClock();
  const client = createGraphClient({
    endpoint: `${emulator.url}/v1.0`,
    credential: account.credential,
    transport: createTransport({ fetch: fetchFn }),
    ...clock,
  });
  return { client, clock };
}

const link = (label: string): ShareLink => ({ provider: 'sharepoint', url: demoLinkUrl(label) });

let demo: Dataset;
let emulator: RunningEmulator;

beforeAll(async () => {
  demo = loadDataset(DEMO_DATASET_PATH);
  emulator = await startEmulator({ data: demo });
});
afterAll(() => emulator.close());

describe('signing in', () => {
  it('asks for exactly the scopes it needs and reads the person from the ID token', async () => {
    const { account, authorizations } = accountFor(emulator);
    expect(await account.signIn()).toMatchObject({
      signedIn: true,
      account: { displayName: 'Megan Bowen', username: 'megan@contoso.com' },
    });
    // openid: the ID token; profile: its name and username; offline_access: a refresh token; and reading
    // files others shared, for the Graph host it is configured with.
    expect(authorizations[0]?.searchParams.get('scope')?.split(' ')).toEqual([
      'openid',
      'profile',
      'offline_access',
      `${emulator.url}/Files.Read.All`,
    ]);
  });

  it('signs in with an app registered as a single-page app, redeeming cross-origin as a browser does', async () => {
    const registered = await startEmulator({
      data: { ...demo, apps: [{ clientId: 'sharelens-test', redirectUris: [REDIRECT_URI], spa: true }] },
    });
    try {
      const { account } = accountFor(registered, corsFetch());
      expect(await account.signIn()).toMatchObject({ signedIn: true });
      expect(await account.credential({ forceRefresh: true })).not.toBeNull();
    } finally {
      await registered.close();
    }
  });
});

describe('resolving links', () => {
  it('selects only driveItem properties, and gets what a preview shows', async () => {
    for (const name of [...DRIVE_ITEM_SELECT, ...CHILD_SELECT]) {
      expect(DRIVE_ITEM.properties, name).toContain(name);
    }
    const { account } = accountFor(emulator);
    await account.signIn();
    const { client } = clientFor(emulator, account);
    const file = await client.getSharedItem(link('file'), { redeem: 'ifNecessary' });
    expect(file).toMatchObject({
      ok: true,
      value: {
        name: 'FY26 Budget.xlsx',
        kind: 'file',
        owner: { displayName: 'Adele Vance' },
        scope: 'organization',
      },
    });
    const many = await client.getSharedItems([link('folder'), link('odb-file')], { redeem: 'ifNecessary' });
    expect(many.get(demoLinkUrl('folder'))).toMatchObject({
      ok: true,
      value: {
        kind: 'folder',
        childCount: 13,
        children: expect.arrayContaining([{ name: 'Launch plan.docx', kind: 'file', size: 88_877 }]),
      },
    });
    expect(many.get(demoLinkUrl('odb-file'))).toMatchObject({
      ok: true,
      value: { name: 'Partner Proposal.docx' },
    });
  });

  it('works with the opaque access token of a personal account: it never reads one', async () => {
    const personal = await startEmulator({ data: { ...demo, signedIn: 'dan' } });
    try {
      const { account } = accountFor(personal);
      expect(await account.signIn()).toMatchObject({ account: { username: 'dan.jump@outlook.com' } });
      const { client } = clientFor(personal, account);
      const result = await client.getSharedItem(link('personal'), { redeem: 'ifNecessary' });
      expect(result).toMatchObject({ ok: true, value: { name: 'Trip itinerary.docx' } });
    } finally {
      await personal.close();
    }
  });

  it('keeps the account when a token for another resource needs consent it never got', async () => {
    const { account } = accountFor(emulator);
    await account.signIn();
    expect(await account.credential({ forceRefresh: false, resource: EWS })).toBeNull();
    expect(await account.status()).toMatchObject({ signedIn: true });
    expect(await account.credential({ forceRefresh: true })).not.toBeNull();
  });
});

describe('Retry-After, which Graph does not expose to CORS', () => {
  async function throttled(label: string, fetchFn: typeof fetch, links: string[]) {
    emulator.context.faults.add({
      match: { path: `/shares/${encodeSharingUrl(demoLinkUrl(label))}/` },
      count: 1,
      status: 429,
      retryAfter: 7,
    });
    const { account } = accountFor(emulator);
    await account.signIn();
    const { client, clock } = clientFor(emulator, account, fetchFn);
    const results = await client.getSharedItems(links.map(link), { redeem: 'ifNecessary' });
    for (const result of results.values()) expect(result.ok).toBe(true);
    return clock.sleeps;
  }

  it('is read from the $batch part, where the browser shows it', async () => {
    expect(await throttled('bulk-1', corsFetch(), ['bulk-1', 'bulk-2'])).toEqual([7000]);
  });

  it('is read from the response when the extension has host access to Graph (no CORS)', async () => {
    expect(await throttled('bulk-3', fetch, ['bulk-3'])).toEqual([7000]);
  });

  it('falls back to backing off when CORS hides it from a plain request', async () => {
    const sleeps = await throttled('bulk-4', corsFetch(), ['bulk-4']);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeLessThan(7000);
  });
});
