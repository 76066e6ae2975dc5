/**
 * The ContentStore provider against the local emulator (emulator/services/contentstore/): sign-in, previews of
 * files, folders and public shares, sharing privately and by public link, the 409 path and its update, stopping,
 * and a token that idles out and renews without anyone noticing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET_PATH, loadDataset } from '../../../emulator/dataset';
import { type RunningEmulator, startEmulator } from '../../../emulator/server';
import { createTransport } from '../../http/transport';
import type { ShareLink } from '../../model';
import type { AccountEnvironment, KeyValueArea } from '../types';
import { createContentStoreAccount } from './account';
import { createContentStoreClient } from './client';
import { DEFAULT_LINK_PATTERNS } from './patterns';
import type { ContentStoreSettings } from './settings';
import { createContentStoreSharing } from './sharing';
import { type ContentStoreShareOutcome, ContentStoreShareRequestSchema } from './sharing-forms';

const PROJECTS = '62df0e9f1899425eb98173a8adb802c6';
const NOTES = 'c0ffee00c0ffee00c0ffee00c0ffee59';
const FINANCE = 'f0e1d2c3b4a5469788796a5b4c3d2e56';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ data: loadDataset(DEMO_DATASET_PATH) });
});
afterAll(() => emulator.close());
afterEach(async () => {
  await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST', body: '{"signOut":true}' });
});

function memoryArea(): KeyValueArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
  };
}

function setup(apiPath = 'webconsole/api') {
  const settings: ContentStoreSettings = {
    servers: [
      {
        id: 'emu',
        webAddress: emulator.url,
        apiPath,
        userName: 'megan',
        linkPatterns: [...DEFAULT_LINK_PATTERNS],
      },
    ],
  };
  const requests: Array<{ method: string; url: string; headers: Headers }> = [];
  const transport = createTransport({
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push({ method: request.method, url: request.url, headers: request.headers });
      return fetch(request);
    },
  });
  let signedOutCalls = 0;
  const local = memoryArea();
  const session = memoryArea();
  const env: AccountEnvironment<ContentStoreSettings> = {
    settings: async () => settings,
    local,
    session,
    transport,
    onSignedOut: async () => {
      signedOutCalls++;
    },
    webAuth: { redirectUrl: () => '', launch: async () => undefined },
    now: Date.now,
  };
  const account = createContentStoreAccount(env);
  const credential = (serverId: string, { forceRefresh }: { forceRefresh: boolean }) =>
    account.credential({ forceRefresh, resource: serverId });
  const client = createContentStoreClient({ settings, transport, credential });
  const sharing = createContentStoreSharing({ settings, transport, credential });
  const run = (request: unknown) =>
    sharing.run(ContentStoreShareRequestSchema.parse(request)) as Promise<ContentStoreShareOutcome>;
  return { settings, account, client, run, requests, local, session, signedOut: () => signedOutCalls };
}

const link = (path: string): ShareLink => ({
  provider: 'contentstore' as ShareLink['provider'],
  url: `${emulator.url}${path}`,
});
const target = (guid: string, store = 'contentstore') => ({ ref: `contentstore:emu:${store}:${guid}` });
const advance = (minutes: number) =>
  fetch(`${emulator.url}/_emulator/contentstore/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMinutes: minutes }),
  });

describe('ContentStore against the emulator', () => {
  it('signs in with a base64 password, keeps the token in session storage only, and signs out with Logout', async () => {
    const { account, requests, local, session } = setup();
    await expect(account.signIn({ resource: 'emu', password: 'wrong' })).rejects.toThrow(
      /did not accept|csWrongPassword/,
    );
    const status = await account.signIn({ resource: 'emu', password: 'megan-pass' });
    expect(status).toMatchObject({
      signedIn: true,
      servers: [{ id: 'emu', signedIn: true, rememberedPassword: false }],
    });
    const login = requests.find((each) => each.url.endsWith('/Login'));
    expect(login?.method).toBe('POST');
    expect(JSON.stringify([...session.data.values()])).toMatch(/QSDK /);
    expect(local.data.size).toBe(0); // no password kept without "remember"
    await account.signOut({ resource: 'emu' });
    expect(requests.at(-1)?.url).toMatch(/\/Logout$/);
    expect(requests.at(-1)?.headers.get('Authtoken')).toMatch(/^QSDK /);
    expect((await account.status()).signedIn).toBe(false);
  });

  it('remembers the password only when asked, in the local area, and forgets it on sign-out', async () => {
    const { account, local, session } = setup();
    await expect(account.signIn()).rejects.toThrow(/csSignIn|settings/);
    await account.signIn({ resource: 'emu', password: 'megan-pass', remember: true });
    expect(JSON.stringify([...local.data.values()])).toContain('megan-pass');
    expect((await account.status()).servers?.[0]?.rememberedPassword).toBe(true);
    // The popup's Sign in, without a server: the remembered password signs in again.
    session.data.clear();
    expect(await account.signIn()).toMatchObject({ signedIn: true });
    await account.signOut();
    expect(local.data.size).toBe(0);
  });

  it('previews a file, a folder with its first children, and an Edge Drive link, sending the token only to the API', async () => {
    const { account, client, requests } = setup();
    const unsigned = await client.resolve(link(`/webconsole/api/contentstore/file/${NOTES}`), {});
    expect(unsigned).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect(requests).toHaveLength(0);
    await account.signIn({ resource: 'emu', password: 'megan-pass' });
    const file = await client.resolve(link(`/webconsole/api/contentstore/file/${NOTES}`), {});
    expect(file).toMatchObject({
      ok: true,
      value: { name: 'Notes & <Ideas> "v2".txt', kind: 'file', provider: 'contentstore' },
    });
    expect(file.ok && file.value.shareTarget?.ref).toBe(`contentstore:emu:contentstore:${NOTES}`);
    const folder = await client.resolve(link(`/webconsole/api/drive/file/${PROJECTS}`), {});
    expect(folder).toMatchObject({ ok: true, value: { name: 'Projects', kind: 'folder' } });
    if (folder.ok) {
      expect(folder.value.children?.length).toBeGreaterThan(0);
      expect(folder.value.childCount).toBeGreaterThanOrEqual(folder.value.children?.length ?? 0);
      expect(folder.value.shareTarget?.ref).toBe(`contentstore:emu:drive:${PROJECTS}`);
    }
    const gone = await client.resolve(
      link('/webconsole/api/contentstore/file/00000000000000000000000000000000'),
      {},
    );
    expect(gone).toMatchObject({ ok: false, error: { kind: 'notFound' } });
    for (const each of requests.filter((request) => request.headers.get('Authtoken')))
      expect(each.url.startsWith(`${emulator.url}/webconsole/api/`)).toBe(true);
  });

  it('previews a public share without a token, and says when one needs a password', async () => {
    const { client, requests } = setup();
    const open = await client.resolve(link('/webconsole/publicshare/12'), {});
    expect(open).toMatchObject({ ok: true, value: { name: 'Travel Photos', kind: 'folder' } });
    expect(requests.every((each) => !each.headers.get('Authtoken'))).toBe(true);
    const locked = await client.resolve(link('/webconsole/publicshare/36'), {});
    expect(locked).toMatchObject({ ok: false, error: { kind: 'accessDenied' } });
  });

  it('renews an idle-expired token once with RenewLoginToken, without the caller noticing', async () => {
    const { account, client, requests } = setup();
    await account.signIn({ resource: 'emu', password: 'megan-pass' });
    await advance(31);
    const file = await client.resolve(link(`/webconsole/api/contentstore/file/${NOTES}`), {});
    expect(file).toMatchObject({ ok: true });
    expect(requests.filter((each) => each.url.endsWith('/RenewLoginToken'))).toHaveLength(1);
    expect((await account.status()).signedIn).toBe(true);
  });

  it('signs the person out when renewal fails, and signs in again by itself with a remembered password', async () => {
    const plain = setup();
    await plain.account.signIn({ resource: 'emu', password: 'megan-pass' });
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST', body: '{"signOut":true}' });
    const failed = await plain.client.resolve(link(`/webconsole/api/contentstore/file/${NOTES}`), {});
    expect(failed).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect((await plain.account.status()).signedIn).toBe(false);
    expect(plain.signedOut()).toBe(1);

    const remembered = setup();
    await remembered.account.signIn({ resource: 'emu', password: 'megan-pass', remember: true });
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST', body: '{"signOut":true}' });
    const again = await remembered.client.resolve(link(`/webconsole/api/contentstore/file/${NOTES}`), {});
    expect(again).toMatchObject({ ok: true });
  });

  it('shares privately with a user and an e-mail, with a message, then stops sharing', async () => {
    const { account, run } = setup();
    expect(await run({ action: 'status', target: target(PROJECTS) })).toMatchObject({
      ok: false,
      signedOut: true,
    });
    await account.signIn({ resource: 'emu', password: 'megan-pass' });
    const shared = await run({
      action: 'share',
      target: target(PROJECTS),
      form: {
        mode: 'private',
        name: 'Projects <for> "Adele" & co',
        recipients: [
          { kind: 'user', name: 'adele', permission: 'edit' },
          { kind: 'email', name: 'alex@fabrikam.com', permission: 'view' },
        ],
        sendEmail: true,
        message: 'Have a look & tell me <soon>',
      },
    });
    expect(shared).toMatchObject({
      ok: true,
      done: 'shared',
      share: { public: false, name: 'Projects <for> "Adele" & co' },
    });
    if (!shared.ok) return;
    expect(shared.share?.recipients).toEqual(
      expect.arrayContaining([
        { kind: 'user', name: 'adele', permission: 2 },
        { kind: 'email', name: 'alex@fabrikam.com', permission: 1 },
      ]),
    );
    const id = shared.share?.shareId as string;
    expect(await run({ action: 'status', target: target(PROJECTS) })).toMatchObject({
      ok: true,
      share: { shareId: id },
    });
    expect(await run({ action: 'stop', target: target(PROJECTS), shareId: id })).toMatchObject({
      ok: true,
      done: 'stopped',
    });
    expect(await run({ action: 'status', target: target(PROJECTS) })).toEqual({ ok: true, done: 'status' });
    expect(await run({ action: 'stop', target: target(PROJECTS), shareId: id })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/.{10}/),
    });
  });

  it('makes a public link with a password that opens with it', async () => {
    const { account, run } = setup();
    await account.signIn({ resource: 'emu', password: 'megan-pass' });
    const made = await run({
      action: 'share',
      target: target(NOTES),
      form: { mode: 'public', password: 's3cret & <sure>' },
    });
    expect(made).toMatchObject({ ok: true, share: { public: true, passwordProtected: true } });
    if (!made.ok || !made.share?.url) throw new Error('no link');
    expect(made.share.url).toBe(`${emulator.url}/webconsole/publicshare/${made.share.shareId}`);
    const api = `${emulator.url}/webconsole/api/contentstore/publicshare/${made.share.shareId}`;
    expect((await fetch(api)).status).toBe(403);
    const opened = await fetch(api, { headers: { Password: btoa('s3cret & <sure>') } });
    expect(opened.status).toBe(200);
  });

  it('says "already shared" with the existing id on 409, updates that share, and puts 400 and 404 in sentences', async () => {
    const { account, run } = setup();
    await account.signIn({ resource: 'emu', password: 'megan-pass' });
    const conflict = await run({
      action: 'share',
      target: target(FINANCE),
      form: { mode: 'private', recipients: [{ kind: 'user', name: 'adele', permission: 'view' }] },
    });
    expect(conflict).toMatchObject({ ok: false, alreadyShared: { shareId: '10' } });
    const updated = await run({
      action: 'update',
      target: target(FINANCE),
      shareId: '10',
      form: {
        mode: 'private',
        recipients: [
          { kind: 'group', name: 'Finance Team', permission: 'view' },
          { kind: 'externalGroup', name: 'CONTOSO\\Sales', permission: 'edit' },
        ],
      },
    });
    expect(updated).toMatchObject({ ok: true, done: 'updated', share: { shareId: '10' } });
    if (updated.ok)
      expect(updated.share?.recipients.map((each) => each.kind).sort()).toEqual(['externalGroup', 'group']);
    const unknownUser = await run({
      action: 'share',
      target: target(PROJECTS),
      form: { mode: 'private', recipients: [{ kind: 'user', name: 'nobody', permission: 'view' }] },
    });
    expect(unknownUser).toMatchObject({ ok: false });
    expect(unknownUser.ok || unknownUser.alreadyShared).toBeUndefined();
    const missing = await run({
      action: 'share',
      target: target('00000000000000000000000000000000'),
      form: { mode: 'public' },
    });
    expect(missing).toMatchObject({ ok: false });
  });

  it('turns a private share into a public link with a password and back; each update leaves only what the form says', async () => {
    const { account, run } = setup();
    await account.signIn({ resource: 'emu', password: 'megan-pass' });
    const opened = await run({
      action: 'update',
      target: target(FINANCE),
      shareId: '10',
      form: { mode: 'public', password: 'open & <sesame>' },
    });
    expect(opened).toMatchObject({
      ok: true,
      done: 'updated',
      share: { shareId: '10', public: true, passwordProtected: true, recipients: [] },
    });
    if (opened.ok) expect(opened.share?.url).toMatch(/\/webconsole\/publicshare\/10$/);
    const api = `${emulator.url}/webconsole/api/contentstore/publicshare/10`;
    expect((await fetch(api)).status).toBe(403);
    expect((await fetch(api, { headers: { Password: btoa('open & <sesame>') } })).status).toBe(200);

    const closed = await run({
      action: 'update',
      target: target(FINANCE),
      shareId: '10',
      form: { mode: 'private', recipients: [{ kind: 'user', name: 'adele', permission: 'view' }] },
    });
    expect(closed).toMatchObject({
      ok: true,
      share: { public: false, recipients: [{ kind: 'user', name: 'adele', permission: 1 }] },
    });
    expect((await fetch(api, { headers: { Password: btoa('open & <sesame>') } })).status).toBe(404);
  });

  it('works the same through the Command Center path', async () => {
    const { account, client } = setup('commandcenter/api');
    await account.signIn({ resource: 'emu', password: 'megan-pass' });
    expect(await client.resolve(link(`/commandcenter/api/contentstore/file/${NOTES}`), {})).toMatchObject({
      ok: true,
    });
  });
});
