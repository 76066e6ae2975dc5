/**
 * Sharing onward against the local emulator (reference/graph-shares.md §2): the write permission is asked for
 * only when the person shares, links are made once, a write that got no answer is looked up instead of being
 * sent again, and Graph's refusals become sentences.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, DEMO_DATASET_PATH, loadDataset } from '../../../emulator/dataset';
import { type RunningEmulator, startEmulator } from '../../../emulator/server';
import { demoLinkUrl } from '../../../emulator/testing';
import { createTransport } from '../../http/transport';
import type { ProviderAccount } from '../types';
import { createGraphClient } from './client';
import { createGraphSharing, sharingScope, toAccessEntry } from './sharing';
import {
  createLinkFormSchema,
  type GraphShareOutcome,
  GraphShareRequestSchema,
  inviteFormSchema,
  reconciledInvite,
  reconciledLink,
  type ShareTarget,
} from './sharing-forms';
import { emulatorAccount } from './test-support';

let demo: Dataset;
let emulator: RunningEmulator;

beforeAll(async () => {
  demo = loadDataset(DEMO_DATASET_PATH);
  emulator = await startEmulator({ data: demo });
});
afterAll(() => emulator.close());
afterEach(async () => {
  await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
});

function sharingFor(account: ProviderAccount, timeoutMs?: number) {
  const endpoint = `${emulator.url}/v1.0`;
  return createGraphSharing({
    endpoint,
    transport: createTransport(timeoutMs === undefined ? {} : { timeoutMs }),
    credential: ({ forceRefresh }) => account.credential({ forceRefresh, resource: sharingScope(endpoint) }),
    signedIn: async () => (await account.status()).signedIn,
  });
}

/** Signed in as the dataset's person (Megan), with sharing allowed. */
async function signedInSharing(timeoutMs?: number) {
  const { account, authorizations } = emulatorAccount(emulator);
  await account.signIn();
  await account.signIn({ resource: sharingScope(`${emulator.url}/v1.0`) });
  return { account, authorizations, sharing: sharingFor(account, timeoutMs) };
}

/** The item behind a demo link, as the share panel gets it from the preview. */
async function targetOf(account: ProviderAccount, label: string): Promise<ShareTarget> {
  const client = createGraphClient({
    endpoint: `${emulator.url}/v1.0`,
    credential: account.credential,
    transport: createTransport(),
  });
  const result = await client.getSharedItem(
    { provider: label.startsWith('personal') ? 'onedrive' : 'sharepoint', url: demoLinkUrl(label) },
    { redeem: 'ifNecessary' },
  );
  if (!result.ok || !result.value.shareTarget) throw new Error(`no share target for ${label}`);
  return result.value.shareTarget;
}

const linkForm = (form: object, personal = false) => createLinkFormSchema(personal).parse(form);
const inviteForm = (form: object, personal = false) => inviteFormSchema(personal).parse(form);

function expectOk(outcome: GraphShareOutcome): Extract<GraphShareOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${outcome.message}`);
  return outcome;
}

describe('consent', () => {
  it('asks for Files.ReadWrite.All only when the person shares, and then shares', async () => {
    const { account, authorizations } = emulatorAccount(emulator);
    await account.signIn();
    expect(authorizations[0]?.searchParams.get('scope')).not.toContain('ReadWrite');
    const target = await targetOf(account, 'bulk-1');
    const before = await sharingFor(account).run({ action: 'list', target });
    expect(before).toMatchObject({ ok: false, needsConsent: true });

    await account.signIn({ resource: sharingScope(`${emulator.url}/v1.0`) });
    expect(authorizations[1]?.searchParams.get('scope')?.split(' ')).toContain(
      `${emulator.url}/Files.ReadWrite.All`,
    );
    // The window suggests the account already signed in.
    expect(authorizations[1]?.searchParams.get('login_hint')).toBe('megan@contoso.com');
    expect(await sharingFor(account).run({ action: 'list', target })).toMatchObject({ ok: true });
  });

  it('without anyone signed in, says to sign in', async () => {
    const { account } = emulatorAccount(emulator);
    const target = { ref: '/drives/x/items/y', personal: false };
    expect(await sharingFor(account).run({ action: 'list', target })).toMatchObject({
      ok: false,
      signedOut: true,
    });
  });
});

describe('Copy a link', () => {
  it('makes a link (201), then answers with the same one (200) instead of a second', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-1');
    const first = expectOk(
      await sharing.run({
        action: 'createLink',
        target,
        form: linkForm({ type: 'edit', scope: 'organization' }),
      }),
    );
    expect(first.created).toBe(true);
    expect(first.link).toMatchObject({
      kind: 'link',
      role: 'write',
      link: { type: 'edit', scope: 'organization' },
    });
    expect(first.link?.link?.webUrl).toMatch(/^https:\/\/contoso\.sharepoint\.com\/:/);
    const again = expectOk(
      await sharing.run({
        action: 'createLink',
        target,
        form: linkForm({ type: 'edit', scope: 'organization' }),
      }),
    );
    expect(again.created).toBe(false);
    expect(again.link?.link?.webUrl).toBe(first.link?.link?.webUrl);
    expect(again.access.filter((entry) => entry.link?.type === 'edit')).toHaveLength(1);
  });

  it('says in plain words when the organisation does not allow anyone links', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'no-anyone');
    const refused = await sharing.run({
      action: 'createLink',
      target,
      form: linkForm({ type: 'view', scope: 'anonymous' }),
    });
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not allow links for anyone'),
    });
  });

  it('a createLink that timed out but was made: the list shows it, and no second link is made', async () => {
    const { account, sharing } = await signedInSharing(300);
    const target = await targetOf(account, 'bulk-2');
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { method: 'POST', path: '/createLink' }, delayAfterMs: 1_000 }),
    });
    const outcome = expectOk(
      await sharing.run({
        action: 'createLink',
        target,
        form: linkForm({ type: 'view', scope: 'users', recipients: ['alex@fabrikam.com'] }),
      }),
    );
    expect(outcome.reconciled).toBe(true);
    expect(outcome.link).toMatchObject({ link: { type: 'view', scope: 'users' } });
    const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
      requests: Array<{ method: string; path: string }>;
    };
    expect(log.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/createLink'))).toHaveLength(1);
  });
});

describe('a write that failed late (5xx) is looked up, not sent again', () => {
  const fault = (spec: object) =>
    fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
  const posts = async (suffix: string) => {
    const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
      requests: Array<{ method: string; path: string }>;
    };
    return log.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix)).length;
  };

  it('a createLink answered 504 after the link was made: the list shows it', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-3');
    await fault({ match: { method: 'POST', path: '/createLink' }, delayAfterMs: 0, status: 504 });
    const outcome = expectOk(
      await sharing.run({
        action: 'createLink',
        target,
        form: linkForm({ type: 'edit', scope: 'organization' }),
      }),
    );
    expect(outcome).toMatchObject({
      reconciled: true,
      link: { link: { type: 'edit', scope: 'organization' } },
    });
    expect(await posts('/createLink')).toBe(1);
  });

  it('a createLink answered 503 before anything was made: says so, with the list as it stands', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-4');
    await fault({ match: { method: 'POST', path: '/createLink' }, status: 503, retryAfter: 30 });
    const outcome = await sharing.run({
      action: 'createLink',
      target,
      form: linkForm({ type: 'edit', scope: 'organization' }),
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.uncertain).toBeUndefined();
    expect(outcome.access?.some((entry) => entry.kind === 'owner')).toBe(true);
    expect(outcome.message).not.toMatch(/No link was made/); // Graph's own refusal: busy, try later
    expect(await posts('/createLink')).toBe(1);
  });

  it('an invite answered 500 after it was carried out: the list shows who has access', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-5');
    await fault({ match: { method: 'POST', path: '/invite' }, delayAfterMs: 0, status: 500 });
    const outcome = expectOk(
      await sharing.run({
        action: 'invite',
        target,
        form: inviteForm({ recipients: ['guest@example.org'], role: 'read' }),
      }),
    );
    expect(outcome.reconciled).toBe(true);
    expect(outcome.invited?.[0]?.person?.email).toBe('guest@example.org');
    expect(await posts('/invite')).toBe(1);
  });
});

describe('Invite people', () => {
  it('invites each recipient and lists them with their role', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-3');
    const outcome = expectOk(
      await sharing.run({
        action: 'invite',
        target,
        form: inviteForm({
          recipients: ['adele@contoso.com', 'guest@example.org'],
          role: 'write',
          sendInvitation: false,
        }),
      }),
    );
    expect(outcome.invited?.map((entry) => [entry.person?.email, entry.role])).toEqual([
      ['adele@contoso.com', 'write'],
      ['guest@example.org', 'write'],
    ]);
    expect(outcome.access.some((entry) => entry.person?.email === 'guest@example.org')).toBe(true);
  });
});

describe('Who has access', () => {
  it('changes a role and removes access (204), and shows the list as it now stands', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-4');
    const invited = expectOk(
      await sharing.run({
        action: 'invite',
        target,
        form: inviteForm({ recipients: ['adele@contoso.com'], role: 'read' }),
      }),
    );
    const adele = invited.invited?.[0];
    if (!adele) throw new Error('nobody invited');
    const changed = expectOk(
      await sharing.run({ action: 'setRole', target, permissionId: adele.id, role: 'write' }),
    );
    expect(changed.access.find((entry) => entry.id === adele.id)?.role).toBe('write');
    const removed = expectOk(await sharing.run({ action: 'remove', target, permissionId: adele.id }));
    expect(removed.access.find((entry) => entry.id === adele.id)).toBeUndefined();
    expect(removed.access.find((entry) => entry.kind === 'owner')?.person?.name).toBe('Megan Bowen');
  });

  it('a removal of what is already gone (404) is done; a change that failed late is looked up', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-7');
    const invited = expectOk(
      await sharing.run({
        action: 'invite',
        target,
        form: inviteForm({ recipients: ['guest@example.org'], role: 'read' }),
      }),
    );
    const guest = invited.invited![0]!;
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        match: { method: 'PATCH', path: '/permissions/' },
        delayAfterMs: 0,
        status: 504,
      }),
    });
    const changed = expectOk(
      await sharing.run({ action: 'setRole', target, permissionId: guest.id, role: 'write' }),
    );
    expect(changed.reconciled).toBe(true);
    expect(changed.access.find((entry) => entry.id === guest.id)?.role).toBe('write');
    expectOk(await sharing.run({ action: 'remove', target, permissionId: guest.id }));
    const again = expectOk(await sharing.run({ action: 'remove', target, permissionId: guest.id }));
    expect(again.access.find((entry) => entry.id === guest.id)).toBeUndefined();
    // An item that is not there: still a refusal.
    const gone = { ...target, ref: target.ref.replace(/items\/[^/]+$/, 'items/nothing-here') };
    expect(await sharing.run({ action: 'remove', target: gone, permissionId: guest.id })).toMatchObject({
      ok: false,
    });
  });

  it('marks access given on a folder above, and refuses to remove it here with a reason', async () => {
    const personal = await startEmulator({ data: { ...demo, signedIn: 'dan' } });
    try {
      const { account } = emulatorAccount(personal);
      await account.signIn();
      await account.signIn({ resource: sharingScope(`${personal.url}/v1.0`) });
      const endpoint = `${personal.url}/v1.0`;
      const sharing = createGraphSharing({
        endpoint,
        transport: createTransport(),
        credential: ({ forceRefresh }) =>
          account.credential({ forceRefresh, resource: sharingScope(endpoint) }),
        signedIn: async () => true,
      });
      const folder = (await (await fetch(`${personal.url}/_emulator/links`)).json()) as {
        links: Array<{ label?: string; item: string }>;
      };
      const holiday = folder.links.find((link) => link.label === 'personal-folder');
      const drive = '3f8a2c1d9e7b4a60';
      const packing = {
        ref: `/drives/${drive}/items/3F8A2C1D9E7B4A60!s8b1f4c6e2a7d4e0b9c3f5a1d6e8b2c70`,
        personal: true,
      };
      expect(holiday).toBeDefined();
      const listed = expectOk(await sharing.run({ action: 'list', target: packing }));
      const inherited = listed.access.find((entry) => entry.inherited);
      expect(inherited).toMatchObject({ kind: 'link', inherited: { from: 'Holiday 2026' } });
      const refused = await sharing.run({
        action: 'remove',
        target: packing,
        permissionId: inherited?.id ?? '',
      });
      expect(refused).toMatchObject({
        ok: false,
        message: expect.stringContaining('comes from a folder above'),
      });
    } finally {
      await personal.close();
    }
  });
});

describe('what the background accepts', () => {
  const target = { ref: '/drives/b!x/items/01X', personal: false };

  it('checks forms against the account kind before anything is sent', () => {
    const refused = (request: unknown) => GraphShareRequestSchema.safeParse(request).success === false;
    expect(refused({ action: 'createLink', target, form: { type: 'embed', scope: 'anonymous' } })).toBe(true);
    expect(
      refused({ action: 'createLink', target, form: { type: 'view', scope: 'anonymous', password: 'x' } }),
    ).toBe(true);
    expect(
      refused({
        action: 'createLink',
        target: { ...target, personal: true },
        form: { type: 'view', scope: 'organization' },
      }),
    ).toBe(true);
    expect(refused({ action: 'createLink', target, form: { type: 'view', scope: 'users' } })).toBe(true);
    expect(
      refused({ action: 'invite', target, form: { recipients: ['not an address'], role: 'read' } }),
    ).toBe(true);
    expect(
      refused({
        action: 'invite',
        target,
        form: { recipients: ['a@b.co'], role: 'read', message: 'x'.repeat(2001) },
      }),
    ).toBe(true);
    expect(
      refused({
        action: 'invite',
        target,
        form: { recipients: ['a@b.co'], role: 'read', expires: '2020-01-01' },
      }),
    ).toBe(true);
    expect(refused({ action: 'list', target: { ref: 'https://evil.example/x', personal: false } })).toBe(
      true,
    );
    expect(refused({ action: 'list', target: { ref: '/drives/a/items/b/../../me', personal: false } })).toBe(
      true,
    );
    expect(refused({ action: 'list', target: { ref: '/drives/%2E%2e/items/x', personal: false } })).toBe(
      true,
    );
    expect(
      GraphShareRequestSchema.safeParse({
        action: 'invite',
        target,
        form: { recipients: [' A@B.co '], role: 'write' },
      }).data,
    ).toMatchObject({
      form: { recipients: ['A@B.co'], role: 'write', sendInvitation: true, requireSignIn: true },
    });
  });

  it('offers embed links for personal files only, not for folders (reference §2 createLink)', () => {
    const folder = { ref: '/drives/d/items/i', personal: true, folder: true };
    const embed = (target: object) =>
      GraphShareRequestSchema.safeParse({
        action: 'createLink',
        target,
        form: { type: 'embed', scope: 'anonymous' },
      });
    expect(embed(folder).success).toBe(false);
    expect(embed({ ...folder, folder: false }).success).toBe(true);
    expect(embed({ ref: '/drives/d/items/i', personal: true }).success).toBe(true);
    expect(embed({ ref: '/drives/d/items/i', personal: false }).success).toBe(false);
  });

  it('refuses an expiry in the past and accepts one after today', () => {
    const now = Date.UTC(2026, 11, 2);
    expect(
      createLinkFormSchema(false, now).safeParse({
        type: 'view',
        scope: 'organization',
        expires: '2026-12-01',
      }).success,
    ).toBe(false);
    expect(
      createLinkFormSchema(false, now).safeParse({
        type: 'view',
        scope: 'organization',
        expires: '2026-12-03',
      }).success,
    ).toBe(true);
  });
});

describe('a write that got no answer', () => {
  const owner = { id: 'o', kind: 'owner' as const, role: 'owner' as const, person: { name: 'Megan Bowen' } };
  const adele = {
    id: 'p1',
    kind: 'person' as const,
    role: 'read' as const,
    person: { email: 'Adele@Contoso.com' },
  };
  const orgEdit = {
    id: 'l1',
    kind: 'link' as const,
    role: 'write' as const,
    link: { type: 'edit', scope: 'organization' },
  };
  const inherited = { ...orgEdit, id: 'l2', link: { type: 'view', scope: 'organization' }, inherited: {} };

  it('was a link made when the item now has one of that kind (inherited ones do not count)', () => {
    expect(reconciledLink([owner, orgEdit], linkForm({ type: 'edit', scope: 'organization' }))).toMatchObject(
      {
        ok: true,
        reconciled: true,
        link: { id: 'l1' },
      },
    );
    expect(
      reconciledLink([owner, inherited], linkForm({ type: 'view', scope: 'organization' })),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('No link was made'),
    });
  });

  it('a users link counts only when it names every recipient (when Graph says whom it is for)', () => {
    const form = linkForm({ type: 'view', scope: 'users', recipients: ['alex@fabrikam.com'] });
    const forMegan = {
      id: 'l3',
      kind: 'link' as const,
      role: 'read' as const,
      link: { type: 'view', scope: 'users' },
      people: [{ email: 'megan@contoso.com' }],
    };
    expect(reconciledLink([owner, forMegan], form)).toMatchObject({ ok: false });
    const forAlex = { ...forMegan, id: 'l4', people: [{ name: 'Alex', email: 'Alex@Fabrikam.com' }] };
    expect(reconciledLink([owner, forMegan, forAlex], form)).toMatchObject({ ok: true, link: { id: 'l4' } });
    const unnamed = { ...forMegan, id: 'l5', people: undefined };
    expect(reconciledLink([owner, unnamed], form)).toMatchObject({ ok: true, link: { id: 'l5' } });
  });

  it('counts an invitation that became a link for specific people (OneDrive for Business)', () => {
    const form = inviteForm({ recipients: ['adele@contoso.com', 'guest@example.org'], role: 'write' });
    const link = {
      id: 'l6',
      kind: 'link' as const,
      role: 'write' as const,
      link: { type: 'edit', scope: 'users' },
      people: [{ email: 'adele@contoso.com' }, { email: 'GUEST@example.org' }],
    };
    expect(reconciledInvite([owner, link], form)).toMatchObject({ ok: true, invited: [{ id: 'l6' }] });
    // A link with another role is not what was asked for.
    expect(reconciledInvite([owner, { ...link, role: 'read' as const }], form)).toMatchObject({ ok: false });
  });

  it('says who was invited and who was not', () => {
    const form = inviteForm({ recipients: ['adele@contoso.com', 'guest@example.org'], role: 'read' });
    const partly = reconciledInvite([owner, adele], form);
    expect(partly).toMatchObject({ ok: false, invited: [{ id: 'p1' }] });
    expect(
      reconciledInvite([owner, adele], inviteForm({ recipients: ['adele@contoso.com'], role: 'read' })),
    ).toMatchObject({
      ok: true,
      reconciled: true,
    });
  });
});

describe('answers Graph may give that ShareLens did not ask for', () => {
  it('keeps a scope it does not know, and leaves out one Graph did not say, instead of guessing', () => {
    const odd = toAccessEntry({ id: 'a', roles: ['read'], link: { type: 'view', scope: 'tenantAndGuests' } });
    expect(odd.link).toEqual({ type: 'view', scope: 'tenantAndGuests' });
    const bare = toAccessEntry({ id: 'b', roles: ['write'], link: {} });
    expect(bare).toMatchObject({ kind: 'link', role: 'write', link: {} });
    expect(bare.link).not.toHaveProperty('scope');
    expect(bare.link).not.toHaveProperty('type');
  });

  it('reads people from grantedToIdentitiesV2, the deprecated grantedTo, or SharePoint’s siteUser', () => {
    const users = toAccessEntry({
      id: 'c',
      roles: ['read'],
      link: { type: 'view', scope: 'users' },
      grantedToIdentitiesV2: [
        { user: { displayName: 'Alex Wilber', email: 'alex@fabrikam.com' } },
        { siteUser: { email: 'guest@example.org' } },
        {},
      ],
    });
    expect(users.people).toEqual([
      { name: 'Alex Wilber', email: 'alex@fabrikam.com' },
      { email: 'guest@example.org' },
    ]);
    const old = toAccessEntry({ id: 'd', roles: ['read'], grantedTo: { user: { displayName: 'Megan' } } });
    expect(old).toMatchObject({ kind: 'person', person: { name: 'Megan' } });
    const site = toAccessEntry({ id: 'e', roles: ['write'], grantedToV2: { siteUser: { email: 'x@y.z' } } });
    expect(site.person).toEqual({ email: 'x@y.z' });
    const invited = toAccessEntry({ id: 'f', roles: ['read'], invitation: { email: 'g@h.i' } });
    expect(invited.person).toEqual({ email: 'g@h.i' });
    expect(toAccessEntry({ id: 'g', roles: [] }).person).toEqual({});
  });
});

describe('a write answered with a body ShareLens cannot read', () => {
  it('looks the link or the invitation up in the list instead of giving up', async () => {
    const { account, sharing } = await signedInSharing();
    const target = await targetOf(account, 'bulk-6');
    const fault = (path: string, status: number) =>
      fetch(`${emulator.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          match: { method: 'POST', path },
          delayAfterMs: 0,
          status,
          body: { odd: true },
        }),
      });
    await fault('/createLink', 201);
    const made = expectOk(
      await sharing.run({
        action: 'createLink',
        target,
        form: linkForm({ type: 'view', scope: 'organization' }),
      }),
    );
    expect(made).toMatchObject({ reconciled: true, link: { link: { type: 'view', scope: 'organization' } } });
    await fault('/invite', 200);
    const invited = expectOk(
      await sharing.run({
        action: 'invite',
        target,
        form: inviteForm({ recipients: ['guest@example.org'], role: 'write' }),
      }),
    );
    expect(invited.invited?.[0]).toMatchObject({ role: 'write', person: { email: 'guest@example.org' } });
  });
});
