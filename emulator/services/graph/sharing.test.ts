/**
 * Sharing actions on drive items (reference §2, §7.8, §7.9): createLink, invite, permissions; who may use them;
 * $batch parts; the delayAfterMs fault; and reset.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Dataset, DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { type RunningEmulator, startEmulator } from '../../server';
import { DEMO_PASSWORDS, demoLinkUrl, encodeSharingUrl, signIn } from '../../testing';
import { graphUserIdOf } from '../identity/users';

let emulator: RunningEmulator;
let base: string;
const tokens: Record<string, string> = {};
const demo: Dataset = loadDataset(DEMO_DATASET_PATH);

const READ_WRITE = 'openid profile offline_access https://graph.microsoft.com/Files.ReadWrite.All';
const READ_ONLY = 'openid profile offline_access https://graph.microsoft.com/Files.Read.All';

async function tokenFor(email: string, scope: string, clientId?: string): Promise<string> {
  const set = await signIn(base, {
    email,
    password: DEMO_PASSWORDS[email] ?? '',
    scope,
    ...(clientId ? { clientId } : {}),
  });
  return set.access_token;
}

beforeAll(async () => {
  emulator = await startEmulator({ autoLogin: true });
  base = emulator.url;
  tokens.adele = await tokenFor('adele@contoso.com', READ_WRITE);
  tokens.megan = await tokenFor('megan@contoso.com', READ_WRITE);
  tokens.alex = await tokenFor('alex@fabrikam.com', READ_WRITE);
  tokens.dan = await tokenFor('dan.jump@outlook.com', READ_WRITE);
  // Another app: a token carries every permission its user consented to for that app.
  tokens.adeleReadOnly = await tokenFor('adele@contoso.com', READ_ONLY, 'read-only-app');
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${base}/_emulator/reset`, { method: 'POST' });
});

function driveOf(label: string) {
  const link = demo.links.find((candidate) => candidate.label === label)!;
  const find = (items: Dataset['drives'][number]['items']): boolean =>
    items.some((item) => item.id === link.item || (item.children !== undefined && find(item.children)));
  return { driveId: demo.drives.find((drive) => find(drive.items))!.id, itemId: link.item };
}

/** `/drives/{d}/items/{i}` of the item a demo link points at, or of another item of that drive. */
function itemPath(label: string, itemId?: string): string {
  const where = driveOf(label);
  return `/drives/${encodeURIComponent(where.driveId)}/items/${encodeURIComponent(itemId ?? where.itemId)}`;
}

const BUDGET = itemPath('file'); // Finance, business, adele's; megan has a view link
const CAMPAIGN = itemPath('folder'); // Marketing folder, megan has an edit link
const LAUNCH_PLAN = itemPath('folder', '017ENRJNR7MN7KUEDNZG6PUDHOMWZMO3OW'); // inside CAMPAIGN
const NDA = itemPath('no-anyone'); // Legal: anyone links are off
const PROPOSAL = itemPath('odb-file'); // adele's OneDrive
const CONTRACT = itemPath('no-access'); // a users link for alex only
const TRIP = itemPath('personal'); // dan's personal OneDrive
const HOLIDAY = itemPath('personal-folder');
const PACKING = itemPath('personal-folder', '3F8A2C1D9E7B4A60!s8b1f4c6e2a7d4e0b9c3f5a1d6e8b2c70');
const DAN_DRIVE = driveOf('personal').driveId;

function call(
  method: string,
  path: string,
  options: { as?: string | null; body?: unknown; version?: string; raw?: string } = {},
) {
  const token = options.as === null ? undefined : tokens[options.as ?? 'adele'];
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return fetch(`${base}/${options.version ?? 'v1.0'}${path}`, { method, headers, ...(body ? { body } : {}) });
}

const createLink = (path: string, body: unknown, as?: string) =>
  call('POST', `${path}/createLink`, { body, as });
const invite = (path: string, body: unknown, as?: string) => call('POST', `${path}/invite`, { body, as });
const permissions = async (path: string, as?: string) => {
  const response = await call('GET', `${path}/permissions`, { as });
  expect(response.status).toBe(200);
  return (await response.json()).value as Permission[];
};

interface Permission {
  id: string;
  roles: string[];
  link?: { type: string; scope: string; webUrl?: string; webHtml?: string; preventsDownload: boolean };
  shareId?: string;
  hasPassword?: boolean;
  expirationDateTime?: string;
  grantedToV2?: { user: { id?: string; displayName?: string; email?: string } };
  invitation?: { email: string; signInRequired: boolean };
  inheritedFrom?: { driveId: string; id: string; path: string };
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(Object.keys(body.error.innerError)).toContain('request-id');
  return body.error.message as string;
}

function userId(id: string): string {
  return graphUserIdOf(demo.users.find((user) => user.id === id)!);
}

const future = () => new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('createLink (reference §2, §7.8)', () => {
  it('makes a business link: 201, a permission, a short link on the drive’s site', async () => {
    const response = await createLink(BUDGET, { type: 'view', scope: 'anonymous' });
    expect(response.status).toBe(201);
    const permission: Permission = await response.json();
    expect(permission.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(permission.roles).toEqual(['read']);
    expect(permission.link).toMatchObject({ type: 'view', scope: 'anonymous', preventsDownload: false });
    expect(permission.link?.webUrl).toMatch(
      /^https:\/\/contoso\.sharepoint\.com\/:x:\/s\/Finance\/E[A-Za-z0-9]{45}\?e=[A-Za-z0-9]{6}$/,
    );
    expect(permission.link?.webUrl).not.toBe(demoLinkUrl('file'));
    expect(permission.shareId).toBe(encodeSharingUrl(permission.link!.webUrl!));
    expect(permission).not.toHaveProperty('hasPassword'); // personal only
    expect(permission).not.toHaveProperty('expirationDateTime');
  });

  it('answers 200 with the same link for the same type and scope, 201 for another type', async () => {
    const first: Permission = await (
      await createLink(BUDGET, { type: 'edit', scope: 'organization' })
    ).json();
    const again = await createLink(BUDGET, { type: 'edit', scope: 'organization' });
    expect(again.status).toBe(200);
    const second: Permission = await again.json();
    expect(second.id).toBe(first.id);
    expect(second.link?.webUrl).toBe(first.link?.webUrl);
    expect(second.roles).toEqual(['write']);
    const other = await createLink(BUDGET, { type: 'edit', scope: 'anonymous' });
    expect(other.status).toBe(201);
    expect((await other.json()).link.webUrl).not.toBe(first.link?.webUrl);
  });

  it('answers 200 with a dataset link of that type and scope on the item', async () => {
    const response = await createLink(BUDGET, { type: 'view' }); // the "file" link: view, organization
    expect(response.status).toBe(200);
    expect((await response.json()).link.webUrl).toBe(demoLinkUrl('file'));
  });

  it('defaults the scope to the organisation’s: organization on business, anonymous on personal', async () => {
    const business: Permission = await (await createLink(LAUNCH_PLAN, { type: 'edit' })).json();
    expect(business.link?.scope).toBe('organization');
    expect(business.link?.webUrl).toMatch(/^https:\/\/contoso\.sharepoint\.com\/:w:\/s\/Marketing\/E/);
    const response = await createLink(TRIP, { type: 'edit' }, 'dan');
    expect(response.status).toBe(201);
    const personal: Permission = await response.json();
    expect(personal.link?.scope).toBe('anonymous');
    expect(personal.link?.webUrl).toMatch(/^https:\/\/1drv\.ms\/w\/c\/3f8a2c1d9e7b4a60\/E[A-Za-z0-9]{45}$/);
    expect(personal.hasPassword).toBe(false);
    expect(personal.shareId).toBe(encodeSharingUrl(personal.link!.webUrl!));
  });

  it('makes a link that resolves through /shares, with the same permission', async () => {
    const made: Permission = await (await createLink(BUDGET, { type: 'edit', scope: 'organization' })).json();
    const item = await fetch(`${base}/v1.0/shares/${made.shareId}/driveItem`, {
      headers: { Authorization: `Bearer ${tokens.megan}` },
    });
    expect(item.status).toBe(200);
    expect((await item.json()).name).toBe('FY26 Budget.xlsx');
    const byUrl = await fetch(`${base}/v1.0/shares/${encodeSharingUrl(made.link!.webUrl!)}/permission`, {
      headers: { Authorization: `Bearer ${tokens.megan}` },
    });
    expect(await byUrl.json()).toMatchObject({ id: made.id, roles: ['write'], link: { type: 'edit' } });
    // An organization link is closed to another tenant.
    const outsider = await fetch(`${base}/v1.0/shares/${made.shareId}/driveItem`, {
      headers: { Authorization: `Bearer ${tokens.alex}` },
    });
    expect(outsider.status).toBe(403);
  });

  it('makes embed links on personal drives, with webHtml', async () => {
    const response = await createLink(TRIP, { type: 'embed' }, 'dan');
    expect(response.status).toBe(201);
    const permission: Permission = await response.json();
    expect(permission.link?.type).toBe('embed');
    expect(permission.link?.scope).toBe('anonymous');
    expect(permission.link?.webUrl).toMatch(
      /^https:\/\/onedrive\.live\.com\/embed\?cid=3F8A2C1D9E7B4A60&resid=/,
    );
    expect(permission.link?.webHtml).toContain('<iframe src="https://onedrive.live.com/embed?cid=');
    expect(permission.roles).toEqual(['read']);
  });

  it('keeps a password (personal) and an expiry', async () => {
    const expiry = future();
    const permission: Permission = await (
      await createLink(TRIP, { type: 'view', password: 's3cret', expirationDateTime: expiry }, 'dan')
    ).json();
    expect(permission.hasPassword).toBe(true);
    expect(permission.expirationDateTime).toBe(expiry);
  });

  it('makes users links for the recipients only', async () => {
    const response = await createLink(PROPOSAL, {
      type: 'view',
      scope: 'users',
      recipients: [{ email: 'alex@fabrikam.com' }],
    });
    expect(response.status).toBe(201);
    const { shareId } = await response.json();
    const as = (who: string) =>
      fetch(`${base}/v1.0/shares/${shareId}/driveItem`, {
        headers: { Authorization: `Bearer ${tokens[who]}` },
      });
    expect((await as('alex')).status).toBe(200);
    expect((await as('megan')).status).toBe(403);
  });

  describe('rejects with 400', () => {
    const cases: [string, string, unknown, string, string?][] = [
      ['a missing type', BUDGET, { scope: 'organization' }, 'invalidRequest'],
      ['an unknown type', BUDGET, { type: 'print' }, 'invalidRequest'],
      ['a type the emulator does not make', BUDGET, { type: 'review' }, 'notSupported'],
      ['an empty scope', BUDGET, { type: 'view', scope: '' }, 'invalidRequest'],
      [
        'an empty scope (personal, msgraph-sdk-android #75)',
        TRIP,
        { type: 'view', scope: '' },
        'invalidRequest',
        'dan',
      ],
      ['an unknown scope', BUDGET, { type: 'view', scope: 'everyone' }, 'invalidRequest'],
      ['embed on business', BUDGET, { type: 'embed' }, 'notSupported'],
      ['embed of a folder (files only)', HOLIDAY, { type: 'embed' }, 'notSupported', 'dan'],
      ['organization on personal', TRIP, { type: 'view', scope: 'organization' }, 'notSupported', 'dan'],
      [
        'users on personal',
        TRIP,
        { type: 'view', scope: 'users', recipients: [{ email: 'a@b.com' }] },
        'notSupported',
        'dan',
      ],
      ['a password on business', BUDGET, { type: 'view', password: 'x' }, 'notSupported'],
      ['users without recipients', BUDGET, { type: 'view', scope: 'users' }, 'invalidRequest'],
      [
        'a malformed recipient',
        BUDGET,
        { type: 'view', scope: 'users', recipients: [{ email: 'nope' }] },
        'invalidRequest',
      ],
      [
        'an expiry that is no date',
        BUDGET,
        { type: 'view', expirationDateTime: 'next week' },
        'invalidRequest',
      ],
      [
        'an expiry in the past',
        BUDGET,
        { type: 'view', expirationDateTime: '2020-01-01T00:00:00Z' },
        'invalidRequest',
      ],
      [
        'a message over 2000 characters',
        BUDGET,
        { type: 'view', message: 'x'.repeat(2001) },
        'invalidRequest',
      ],
    ];
    for (const [what, path, body, code, as] of cases) {
      it(what, async () => {
        await expectError(await createLink(path, body, as), 400, code);
      });
    }

    it('a body that is no JSON', async () => {
      await expectError(await call('POST', `${BUDGET}/createLink`, { raw: '{type:' }), 400, 'invalidRequest');
    });
  });

  it('answers 403 to an anyone link where the organisation turned them off, and makes others', async () => {
    const message = await expectError(
      await createLink(NDA, { type: 'view', scope: 'anonymous' }),
      403,
      'accessDenied',
    );
    expect(message).toMatch(/anyone links are turned off/i);
    expect((await createLink(NDA, { type: 'view', scope: 'organization' })).status).toBe(201);
    expect((await createLink(BUDGET, { type: 'view', scope: 'anonymous' })).status).toBe(201);
  });

  it('refuses to share the root of a personal drive (reference §2)', async () => {
    const root = `/drives/${DAN_DRIVE}/root`;
    await expectError(await createLink(root, { type: 'view' }, 'dan'), 400, 'invalidRequest');
    await expectError(
      await invite(root, { recipients: [{ email: 'a@b.com' }], roles: ['read'] }, 'dan'),
      400,
      'invalidRequest',
    );
  });

  it('takes a personal drive id in either case, as OneDrive writes it both ways', async () => {
    const upper = TRIP.replace(DAN_DRIVE, DAN_DRIVE.toUpperCase());
    expect(upper).not.toBe(TRIP);
    expect((await createLink(upper, { type: 'view', password: 'pw' }, 'dan')).status).toBe(201);
    expect(
      (await call('GET', `${TRIP.replace(DAN_DRIVE, DAN_DRIVE.toLowerCase())}/permissions`, { as: 'dan' }))
        .status,
    ).toBe(200);
  });

  it('works under /beta and /me/drive for the caller’s own items', async () => {
    const beta = await call('POST', `${BUDGET}/createLink`, { version: 'beta', body: { type: 'edit' } });
    expect(beta.status).toBe(201);
    const mine = await call('POST', `/me/drive/items/${driveOf('odb-file').itemId}/createLink`, {
      body: { type: 'edit' },
    });
    expect(mine.status).toBe(201);
    // Someone else's item is not in the caller's drive.
    const notMine = await call('POST', `/me/drive/items/${driveOf('odb-file').itemId}/createLink`, {
      as: 'megan',
      body: { type: 'edit' },
    });
    await expectError(notMine, 404, 'itemNotFound');
  });
});

describe('invite (reference §2, §7.9)', () => {
  it('answers 200 {value:[permission]}, one per recipient', async () => {
    const response = await invite(PROPOSAL, {
      recipients: [
        { email: 'megan@contoso.com' },
        { objectId: userId('alex') },
        { email: 'guest@example.org' },
      ],
      roles: ['write'],
      requireSignIn: true,
      sendInvitation: false,
      message: 'Have a look',
    });
    expect(response.status).toBe(200);
    const { value } = (await response.json()) as { value: Permission[] };
    expect(value).toHaveLength(3);
    expect(value[0]).toMatchObject({
      roles: ['write'],
      grantedToV2: { user: { id: userId('megan'), displayName: 'Megan Bowen', email: 'megan@contoso.com' } },
      invitation: { email: 'megan@contoso.com', signInRequired: true },
    });
    expect(value[1]?.grantedToV2?.user.email).toBe('alex@fabrikam.com');
    expect(value[2]?.grantedToV2).toEqual({ user: { email: 'guest@example.org' } });
    expect(new Set(value.map((permission) => permission.id)).size).toBe(3);
    expect(value[0]).not.toHaveProperty('expirationDateTime');
  });

  it('gives the invited user access: read lets them list, write lets them share', async () => {
    await invite(CONTRACT, { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] });
    const seen = await permissions(CONTRACT, 'megan');
    expect(seen).toHaveLength(1); // only what applies to her
    expect(seen[0]?.invitation?.email).toBe('megan@contoso.com');
    await expectError(await createLink(CONTRACT, { type: 'view' }, 'megan'), 403, 'accessDenied');
    await invite(CONTRACT, { recipients: [{ email: 'megan@contoso.com' }], roles: ['write'] });
    expect((await createLink(CONTRACT, { type: 'view' }, 'megan')).status).toBe(201);
  });

  it('takes an expiry on personal drives', async () => {
    const expiry = future();
    const response = await invite(
      TRIP,
      { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'], expirationDateTime: expiry },
      'dan',
    );
    expect(response.status).toBe(200);
    expect((await response.json()).value[0]).toMatchObject({
      expirationDateTime: expiry,
      hasPassword: false,
    });
  });

  describe('rejects with 400', () => {
    const ok = { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] };
    const cases: [string, string, unknown, string?][] = [
      ['no recipients', PROPOSAL, { ...ok, recipients: [] }],
      ['missing recipients', PROPOSAL, { roles: ['read'] }],
      ['a recipient with nothing', PROPOSAL, { ...ok, recipients: [{}] }],
      [
        'a recipient with two names',
        PROPOSAL,
        { ...ok, recipients: [{ email: 'megan@contoso.com', alias: 'megan' }] },
      ],
      ['a malformed e-mail', PROPOSAL, { ...ok, recipients: [{ email: 'megan' }] }],
      ['an unknown objectId', PROPOSAL, { ...ok, recipients: [{ objectId: 'nobody' }] }],
      ['no roles', PROPOSAL, { ...ok, roles: [] }],
      ['two roles', PROPOSAL, { ...ok, roles: ['read', 'write'] }],
      ['the owner role', PROPOSAL, { ...ok, roles: ['owner'] }],
      ['a message over 2000 characters', PROPOSAL, { ...ok, message: 'x'.repeat(2001) }],
      [
        'an expiry in the past (personal)',
        TRIP,
        { ...ok, expirationDateTime: '2020-01-01T00:00:00Z' },
        'dan',
      ],
    ];
    for (const [what, path, body, as] of cases) {
      it(what, async () => {
        await expectError(await invite(path, body, as), 400, 'invalidRequest');
      });
    }
  });

  it('answers 400 notSupported to an expiry on business, where it applies to links only', async () => {
    const body = {
      recipients: [{ email: 'megan@contoso.com' }],
      roles: ['read'],
      expirationDateTime: future(),
    };
    // reference §2 invite: "expirationDateTime (ODB: link perms only; premium personal)".
    await expectError(await invite(PROPOSAL, body), 400, 'notSupported');
  });

  it('accepts a message of exactly 2000 characters and an alias in the owner’s domain', async () => {
    const response = await invite(PROPOSAL, {
      recipients: [{ alias: 'megan' }],
      roles: ['read'],
      message: 'x'.repeat(2000),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).value[0].grantedToV2.user.email).toBe('megan@contoso.com');
  });
});

describe('permissions (reference §2, §7.9)', () => {
  it('lists the owner’s, the item’s links and grants, then inherited ones with inheritedFrom (personal)', async () => {
    await invite(HOLIDAY, { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] }, 'dan');
    const own: Permission = await (await createLink(PACKING, { type: 'edit' }, 'dan')).json();
    const list = await permissions(PACKING, 'dan');
    expect(list.map((permission) => permission.roles[0])).toEqual(['owner', 'write', 'read', 'read']);
    expect(list[0]?.grantedToV2?.user.displayName).toBe('Dan Jump');
    expect(list[1]?.id).toBe(own.id);
    expect(list[1]).not.toHaveProperty('inheritedFrom');
    const folder = driveOf('personal-folder').itemId;
    const inheritedFrom = {
      driveId: DAN_DRIVE,
      id: folder,
      path: `/drives/${DAN_DRIVE}/root:/Holiday%202026`,
      name: 'Holiday 2026',
    };
    expect(list[2]).toMatchObject({ link: { webUrl: demoLinkUrl('personal-folder') }, inheritedFrom });
    expect(list[3]).toMatchObject({ invitation: { email: 'megan@contoso.com' }, inheritedFrom });
  });

  it('lists inherited permissions on business drives without inheritedFrom, as Graph documents', async () => {
    const list = await permissions(LAUNCH_PLAN);
    const folderLink = list.find((permission) => permission.link?.webUrl === demoLinkUrl('folder'));
    expect(folderLink?.roles).toEqual(['write']);
    expect(folderLink).not.toHaveProperty('inheritedFrom');
    expect(list[0]?.roles).toEqual(['owner']);
  });

  it('shows a reader only what applies to them, without shareId or webUrl', async () => {
    const list = await permissions(BUDGET, 'megan');
    expect(list).toHaveLength(1);
    expect(list[0]?.link?.type).toBe('view');
    expect(list[0]?.link).not.toHaveProperty('webUrl');
    expect(list[0]).not.toHaveProperty('shareId');
  });

  it('gets one permission by id, and 404 itemNotFound for an unknown id', async () => {
    const [owner] = await permissions(BUDGET);
    const one = await call('GET', `${BUDGET}/permissions/${encodeURIComponent(owner!.id)}`);
    expect(one.status).toBe(200);
    expect((await one.json()).roles).toEqual(['owner']);
    await expectError(await call('GET', `${BUDGET}/permissions/nope`), 404, 'itemNotFound');
    await expectError(await call('DELETE', `${BUDGET}/permissions/nope`), 404, 'itemNotFound');
  });

  it('PATCHes roles of a grant: 200 with the updated permission', async () => {
    const [granted] = (
      await (await invite(PROPOSAL, { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] })).json()
    ).value as Permission[];
    const response = await call('PATCH', `${PROPOSAL}/permissions/${granted!.id}`, {
      body: { roles: ['write'] },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: granted!.id, roles: ['write'] });
    expect((await createLink(PROPOSAL, { type: 'edit' }, 'megan')).status).toBe(201);
  });

  it('PATCHes a link’s roles, which /shares/{t}/permission then shows', async () => {
    const made: Permission = await (await createLink(BUDGET, { type: 'view', scope: 'anonymous' })).json();
    const response = await call('PATCH', `${BUDGET}/permissions/${made.id}`, { body: { roles: ['write'] } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: made.id, roles: ['write'], link: { type: 'edit' } });
    const shared = await fetch(`${base}/v1.0/shares/${made.shareId}/permission`, {
      headers: { Authorization: `Bearer ${tokens.megan}` },
    });
    expect(await shared.json()).toMatchObject({ id: made.id, roles: ['write'], link: { type: 'edit' } });
  });

  it('PATCH takes roles only, and only read or write', async () => {
    const made: Permission = await (await createLink(BUDGET, { type: 'edit' })).json();
    const patch = (body: unknown) => call('PATCH', `${BUDGET}/permissions/${made.id}`, { body });
    await expectError(await patch({ roles: ['write'], expirationDateTime: future() }), 400, 'invalidRequest');
    await expectError(await patch({ roles: ['owner'] }), 400, 'invalidRequest');
    await expectError(await patch({}), 400, 'invalidRequest');
  });

  it('DELETEs a link (204), which then no longer opens', async () => {
    const made: Permission = await (await createLink(BUDGET, { type: 'edit' })).json();
    const response = await call('DELETE', `${BUDGET}/permissions/${made.id}`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await permissions(BUDGET)).some((permission) => permission.id === made.id)).toBe(false);
    const shared = await fetch(`${base}/v1.0/shares/${made.shareId}/driveItem`, {
      headers: { Authorization: `Bearer ${tokens.megan}` },
    });
    expect(shared.status).toBe(403);
  });

  it('DELETEs a grant (204), which takes the access away', async () => {
    const [granted] = (
      await (await invite(CONTRACT, { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] })).json()
    ).value as Permission[];
    expect((await call('DELETE', `${CONTRACT}/permissions/${granted!.id}`)).status).toBe(204);
    await expectError(await call('GET', `${CONTRACT}/permissions`, { as: 'megan' }), 404, 'itemNotFound');
  });

  it('refuses to change or remove inherited permissions and the owner’s', async () => {
    const list = await permissions(PACKING, 'dan');
    const inherited = list.find((permission) => permission.inheritedFrom)!;
    const patchInherited = await call('PATCH', `${PACKING}/permissions/${inherited.id}`, {
      as: 'dan',
      body: { roles: ['write'] },
    });
    expect(await expectError(patchInherited, 400, 'invalidRequest')).toContain('/Holiday 2026');
    await expectError(
      await call('DELETE', `${PACKING}/permissions/${inherited.id}`, { as: 'dan' }),
      400,
      'invalidRequest',
    );
    // On the folder itself the same permission is its own, and can go.
    expect((await call('DELETE', `${HOLIDAY}/permissions/${inherited.id}`, { as: 'dan' })).status).toBe(204);
    const owner = list[0]!;
    await expectError(
      await call('DELETE', `${PACKING}/permissions/${owner.id}`, { as: 'dan' }),
      403,
      'accessDenied',
    );
    await expectError(
      await call('PATCH', `${PACKING}/permissions/${owner.id}`, { as: 'dan', body: { roles: ['read'] } }),
      403,
      'accessDenied',
    );
  });
});

describe('who may share', () => {
  it('answers 401 without a token', async () => {
    const response = await createLink(BUDGET, { type: 'edit' }, undefined);
    expect(response.status).toBe(201); // adele by default: the control
    const anonymous = await call('POST', `${BUDGET}/createLink`, { as: null, body: { type: 'view' } });
    await expectError(anonymous, 401, 'InvalidAuthenticationToken');
    await expectError(
      await call('GET', `${BUDGET}/permissions`, { as: null }),
      401,
      'InvalidAuthenticationToken',
    );
  });

  it('answers 403 to a write with a read-only token, and lets it read', async () => {
    await expectError(await createLink(BUDGET, { type: 'view' }, 'adeleReadOnly'), 403, 'accessDenied');
    await expectError(
      await invite(
        BUDGET,
        { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] },
        'adeleReadOnly',
      ),
      403,
      'accessDenied',
    );
    expect((await permissions(BUDGET, 'adeleReadOnly'))[0]?.roles).toEqual(['owner']);
  });

  it('lets Sites.FullControl.All and Sites.Manage.All share, as they include Sites.ReadWrite.All', async () => {
    for (const scope of ['Sites.FullControl.All', 'Sites.Manage.All']) {
      const token = await tokenFor(
        'adele@contoso.com',
        `openid profile offline_access https://graph.microsoft.com/${scope}`,
        `app-${scope}`,
      );
      const response = await fetch(`${base}/v1.0${BUDGET}/createLink`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'edit', scope: 'organization' }),
      });
      expect(response.status, scope).toBeLessThan(300);
    }
  });

  it('lets Files.ReadWrite share only the user’s own files on a work account', async () => {
    const token = await tokenFor(
      'megan@contoso.com',
      'openid https://graph.microsoft.com/Files.ReadWrite',
      'own-files-app',
    );
    const post = (path: string) =>
      fetch(`${base}/v1.0${path}/createLink`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'edit', scope: 'anonymous' }),
      });
    await expectError(await post(LAUNCH_PLAN), 403, 'accessDenied'); // adele's, though megan may edit it
    expect((await post(itemPath('bulk-1'))).status).toBe(201); // megan's own Team library
  });

  it('answers 403 to a reader, lets an editor share', async () => {
    await expectError(await createLink(BUDGET, { type: 'view' }, 'megan'), 403, 'accessDenied');
    const [owner] = await permissions(BUDGET);
    await expectError(
      await call('DELETE', `${BUDGET}/permissions/${owner!.id}`, { as: 'megan' }),
      403,
      'accessDenied',
    );
    // megan's edit link on the Campaign Assets folder covers what is inside it.
    expect((await createLink(LAUNCH_PLAN, { type: 'view' }, 'megan')).status).toBe(201);
    expect((await createLink(CAMPAIGN, { type: 'view' }, 'megan')).status).toBe(201);
  });

  it('answers 404 itemNotFound to someone without access, and for unknown drives and items', async () => {
    await expectError(await createLink(BUDGET, { type: 'view' }, 'alex'), 404, 'itemNotFound');
    await expectError(await call('GET', `${BUDGET}/permissions`, { as: 'alex' }), 404, 'itemNotFound');
    await expectError(await createLink('/drives/nope/items/x', { type: 'view' }), 404, 'itemNotFound');
    await expectError(await createLink(itemPath('file', 'nope'), { type: 'view' }), 404, 'itemNotFound');
    // an item of another drive under this drive's id
    await expectError(
      await createLink(itemPath('file', driveOf('odb-file').itemId), { type: 'view' }),
      404,
      'itemNotFound',
    );
  });

  it('answers 405 to a method a route does not take and 400 to an unknown segment', async () => {
    await expectError(await call('GET', `${BUDGET}/createLink`), 405, 'notAllowed');
    await expectError(await call('GET', `${BUDGET}/sharing`), 400, 'BadRequest');
  });
});

describe('sharing in $batch and with faults', () => {
  it('runs createLink, invite and permissions as $batch parts', async () => {
    const json = { 'Content-Type': 'application/json' };
    const response = await fetch(`${base}/v1.0/$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.adele}`, ...json },
      body: JSON.stringify({
        requests: [
          { id: 'link', method: 'POST', url: `${BUDGET}/createLink`, headers: json, body: { type: 'edit' } },
          {
            id: 'invite',
            method: 'POST',
            url: `${BUDGET}/invite`,
            headers: json,
            body: { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] },
          },
          { id: 'list', method: 'GET', url: `${BUDGET}/permissions`, dependsOn: ['link', 'invite'] },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const { responses } = (await response.json()) as {
      responses: { id: string; status: number; body: Permission & { value: Permission[] } }[];
    };
    const byId = Object.fromEntries(responses.map((part) => [part.id, part]));
    expect(byId.link?.status).toBe(201);
    expect(byId.invite?.status).toBe(200);
    expect(byId.list?.status).toBe(200);
    const ids = byId.list?.body.value.map((permission) => permission.id);
    expect(ids).toContain(byId.link?.body.id);
    expect(ids).toContain(byId.invite?.body.value[0]?.id);
  });

  it('delayAfterMs: createLink "times out" but the link was made, and the retry gets it with 200', async () => {
    await fetch(`${base}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        match: { method: 'POST', path: '/createLink' },
        delayAfterMs: 100,
        status: 504,
      }),
    });
    const started = Date.now();
    const timedOut = await createLink(BUDGET, { type: 'edit', scope: 'anonymous' });
    expect(timedOut.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    const retry = await createLink(BUDGET, { type: 'edit', scope: 'anonymous' });
    expect(retry.status).toBe(200);
    const link = (await permissions(BUDGET)).filter((permission) => permission.link?.scope === 'anonymous');
    expect(link).toHaveLength(1);
  });

  it('reset forgets created links, grants and changes', async () => {
    const made: Permission = await (await createLink(BUDGET, { type: 'edit', scope: 'anonymous' })).json();
    await invite(BUDGET, { recipients: [{ email: 'alex@fabrikam.com' }], roles: ['read'] });
    const datasetLink = (await permissions(BUDGET)).find(
      (permission) => permission.link?.webUrl === demoLinkUrl('file'),
    )!;
    await call('PATCH', `${BUDGET}/permissions/${datasetLink.id}`, { body: { roles: ['write'] } });
    expect((await permissions(BUDGET)).length).toBe(4);

    expect((await fetch(`${base}/_emulator/reset`, { method: 'POST' })).status).toBe(204);
    const list = await permissions(BUDGET);
    expect(list.map((permission) => permission.roles[0])).toEqual(['owner', 'read']);
    const shared = await fetch(`${base}/v1.0/shares/${made.shareId}/driveItem`, {
      headers: { Authorization: `Bearer ${tokens.megan}` },
    });
    expect(shared.status).toBe(403);
    await expectError(await call('GET', `${BUDGET}/permissions`, { as: 'alex' }), 404, 'itemNotFound');
    expect((await createLink(BUDGET, { type: 'edit', scope: 'anonymous' })).status).toBe(201);
  });
});

describe('answers shaped as Graph shapes them (issue 10 audit)', () => {
  const metadata = () => `${base}/v1.0/$metadata#`;
  const driveKey = (path: string) =>
    path.replace(/^\/drives\/([^/]+)\/items\/([^/]+)$/, "drives('$1')/items('$2')");

  it('names what each answer holds in @odata.context, with OData-Version 4.0', async () => {
    const made = await createLink(PROPOSAL, { type: 'edit', scope: 'anonymous' });
    expect(made.status).toBe(201);
    expect(made.headers.get('odata-version')).toBe('4.0');
    const link: Permission & { '@odata.context': string } = await made.json();
    expect(link['@odata.context']).toBe(`${metadata()}microsoft.graph.permission`);
    const again = await createLink(PROPOSAL, { type: 'edit', scope: 'anonymous' });
    expect(again.status).toBe(200);
    expect((await again.json())['@odata.context']).toBe(`${metadata()}microsoft.graph.permission`);

    const invited = await invite(PROPOSAL, { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] });
    expect(invited.headers.get('odata-version')).toBe('4.0');
    const { value, ...rest } = await invited.json();
    expect(rest['@odata.context']).toBe(`${metadata()}Collection(microsoft.graph.permission)`);

    const list = await call('GET', `${PROPOSAL}/permissions`);
    expect((await list.json())['@odata.context']).toBe(`${metadata()}${driveKey(PROPOSAL)}/permissions`);
    const one = await call('GET', `${PROPOSAL}/permissions/${link.id}`);
    expect((await one.json())['@odata.context']).toBe(
      `${metadata()}${driveKey(PROPOSAL)}/permissions/$entity`,
    );
    const patched = await call('PATCH', `${PROPOSAL}/permissions/${value[0].id}`, {
      body: { roles: ['write'] },
    });
    expect(patched.headers.get('odata-version')).toBe('4.0');
    expect((await patched.json())['@odata.context']).toBe(
      `${metadata()}${driveKey(PROPOSAL)}/permissions/$entity`,
    );
    // /me is answered as the signed-in user.
    const mine = await call('GET', `/me/drive/items/${driveOf('odb-file').itemId}/permissions`);
    expect((await mine.json())['@odata.context']).toBe(
      `${metadata()}users('${userId('adele')}')/drive/items('${driveOf('odb-file').itemId}')/permissions`,
    );
  });

  it('sends the deprecated grantedTo beside grantedToV2, with its annotation', async () => {
    const response = await invite(PROPOSAL, {
      recipients: [{ email: 'megan@contoso.com' }],
      roles: ['read'],
    });
    const [grant] = (await response.json()).value;
    expect(grant.grantedTo).toEqual(grant.grantedToV2);
    expect(grant['@deprecated.GrantedTo']).toMatch(/deprecated/);
    const owner = (await permissions(PROPOSAL)).find((permission) => permission.roles.includes('owner'));
    expect(owner).toMatchObject({ grantedTo: { user: { email: 'adele@contoso.com' } } });
  });

  it('names the people of a users link in grantedToIdentitiesV2, outsiders by e-mail', async () => {
    const recipients = [{ email: 'alex@fabrikam.com' }, { email: 'Guest@Example.org' }];
    const response = await createLink(PROPOSAL, { type: 'view', scope: 'users', recipients });
    expect(response.status).toBe(201);
    const link = await response.json();
    expect(link.grantedToIdentitiesV2).toEqual([
      { user: { id: userId('alex'), displayName: expect.any(String), email: 'alex@fabrikam.com' } },
      { user: { email: 'guest@example.org' } },
    ]);
    expect(link.grantedToIdentities).toEqual(link.grantedToIdentitiesV2);
    expect(link['@deprecated.GrantedToIdentities']).toMatch(/deprecated/);
    // The same people again: the same link; other outsiders: another link.
    const same = await createLink(PROPOSAL, { type: 'view', scope: 'users', recipients });
    expect(same.status).toBe(200);
    expect((await same.json()).id).toBe(link.id);
    const others = await createLink(PROPOSAL, {
      type: 'view',
      scope: 'users',
      recipients: [{ email: 'alex@fabrikam.com' }, { email: 'someone@example.net' }],
    });
    expect(others.status).toBe(201);
    // Links of other scopes name nobody.
    const org = await (await createLink(PROPOSAL, { type: 'view', scope: 'organization' })).json();
    expect(org).not.toHaveProperty('grantedToIdentitiesV2');
  });

  it('refuses a users link for an objectId or alias nobody has, as invite does', async () => {
    const body = { type: 'view', scope: 'users', recipients: [{ objectId: 'nobody' }] };
    await expectError(await createLink(PROPOSAL, body), 400, 'invalidRequest');
    const alias = { type: 'view', scope: 'users', recipients: [{ alias: 'nobody' }] };
    await expectError(await createLink(PROPOSAL, alias), 400, 'invalidRequest');
  });

  it('takes OData annotations in bodies, as the docs’ own driveRecipient template has them', async () => {
    const recipient = { '@odata.type': 'microsoft.graph.driveRecipient', email: 'megan@contoso.com' };
    const invited = await invite(PROPOSAL, { recipients: [recipient], roles: ['read'] });
    expect(invited.status).toBe(200);
    const [grant] = (await invited.json()).value;
    const link = await createLink(PROPOSAL, { type: 'view', scope: 'users', recipients: [recipient] });
    expect(link.status).toBe(201);
    const patched = await call('PATCH', `${PROPOSAL}/permissions/${grant.id}`, {
      body: { '@odata.type': '#microsoft.graph.permission', roles: ['write'] },
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).roles).toEqual(['write']);
    // Anything else but roles is still refused.
    const other = await call('PATCH', `${PROPOSAL}/permissions/${grant.id}`, {
      body: { roles: ['read'], expirationDateTime: future() },
    });
    await expectError(other, 400, 'invalidRequest');
  });

  it('works under /users/{id}/drive (reference §2 "Base …"), by UPN or id', async () => {
    const item = driveOf('odb-file').itemId;
    const byUpn = await call('POST', `/users/adele@contoso.com/drive/items/${item}/createLink`, {
      body: { type: 'edit', scope: 'organization' },
    });
    expect(byUpn.status).toBe(201);
    const made = await byUpn.json();
    const byId = await call('GET', `/users/${userId('adele')}/drive/items/${item}/permissions/${made.id}`);
    expect(byId.status).toBe(200);
    expect((await byId.json())['@odata.context']).toBe(
      `${metadata()}users('${userId('adele')}')/drive/items('${item}')/permissions/$entity`,
    );
    // Another user's drive does not hold the item; an unknown user has no drive.
    await expectError(
      await call('GET', `/users/megan@contoso.com/drive/items/${item}/permissions`),
      404,
      'itemNotFound',
    );
    await expectError(
      await call('GET', `/users/nobody/drive/items/${item}/permissions`),
      404,
      'itemNotFound',
    );
  });
});

describe('retainInheritedPermissions: false (reference §2 createLink, default true)', () => {
  it('cuts an item shared for the first time off from the folders above it', async () => {
    const before = await permissions(PACKING, 'dan');
    expect(before.some((permission) => permission.inheritedFrom)).toBe(true);
    const made = await createLink(PACKING, { type: 'view', retainInheritedPermissions: false }, 'dan');
    expect(made.status).toBe(201);
    const { id } = await made.json();
    const after = await permissions(PACKING, 'dan');
    expect(after.some((permission) => permission.inheritedFrom)).toBe(false);
    expect(after.map((permission) => permission.id)).toEqual([before[0]!.id, id]); // the owner's, the new link
    // The folder keeps its own; reset restores inheritance.
    expect((await permissions(HOLIDAY, 'dan')).length).toBeGreaterThan(1);
    await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    expect((await permissions(PACKING, 'dan')).some((permission) => permission.inheritedFrom)).toBe(true);
  });

  it('keeps inherited permissions by default, and once the item has permissions of its own', async () => {
    await createLink(PACKING, { type: 'view' }, 'dan');
    expect((await permissions(PACKING, 'dan')).some((permission) => permission.inheritedFrom)).toBe(true);
    await invite(
      PACKING,
      { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'], retainInheritedPermissions: false },
      'dan',
    );
    expect((await permissions(PACKING, 'dan')).some((permission) => permission.inheritedFrom)).toBe(true);
  });

  it('takes away access the folders gave, but not from the caller who shared', async () => {
    // megan may edit LAUNCH_PLAN through her edit link on CAMPAIGN.
    expect((await call('GET', `${LAUNCH_PLAN}/permissions`, { as: 'megan' })).status).toBe(200);
    const made = await createLink(
      LAUNCH_PLAN,
      { type: 'view', scope: 'organization', retainInheritedPermissions: false },
      'megan',
    );
    expect(made.status).toBe(201);
    const list = await permissions(LAUNCH_PLAN, 'megan');
    expect(
      list.find((permission) => permission.grantedToV2?.user.email === 'megan@contoso.com')?.roles,
    ).toEqual(['write']);
    // Cut off by the owner: the folder's edit link no longer reaches it.
    await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    const forAlex = { type: 'view', scope: 'users', recipients: [{ email: 'alex@fabrikam.com' }] };
    await createLink(LAUNCH_PLAN, { ...forAlex, retainInheritedPermissions: false });
    await expectError(await call('GET', `${LAUNCH_PLAN}/permissions`, { as: 'megan' }), 404, 'itemNotFound');
    expect((await call('GET', `${CAMPAIGN}/permissions`, { as: 'megan' })).status).toBe(200);
  });

  it('is checked for its type', async () => {
    const body = { type: 'view', retainInheritedPermissions: 'no' };
    await expectError(await createLink(PACKING, body, 'dan'), 400, 'invalidRequest');
  });
});

describe('POST /shares/{t}/permission/grant (reference §1.2, §7.2)', () => {
  const grant = (label: string, body: unknown, as = 'adele', method = 'POST') =>
    call(method, `/shares/${encodeSharingUrl(demoLinkUrl(label))}/permission/grant`, { body, as });
  const openAs = (label: string, who: string) =>
    fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl(label))}/driveItem`, {
      headers: { Authorization: `Bearer ${tokens[who]}` },
    });

  it('gives people the link: 200 {value:[permission]} naming them, and they can open it', async () => {
    expect((await openAs('file', 'alex')).status).toBe(403); // an organization link, alex is at fabrikam
    const response = await grant('file', {
      recipients: [{ '@odata.type': 'microsoft.graph.driveRecipient', email: 'alex@fabrikam.com' }],
      roles: ['read'],
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body['@odata.context']).toBe(`${base}/v1.0/$metadata#Collection(microsoft.graph.permission)`);
    expect(body.value).toHaveLength(1);
    expect(body.value[0]).toMatchObject({
      roles: ['read'],
      link: { type: 'view', scope: 'organization', webUrl: demoLinkUrl('file') },
      grantedToIdentitiesV2: [{ user: { id: userId('alex'), email: 'alex@fabrikam.com' } }],
    });
    expect((await openAs('file', 'alex')).status).toBe(200);
    // The link's own permission says the same; reset forgets the grant.
    const permission = await fetch(
      `${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/permission`,
      {
        headers: { Authorization: `Bearer ${tokens.adele}` },
      },
    );
    expect((await permission.json()).grantedToIdentitiesV2).toHaveLength(1);
    await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    expect((await openAs('file', 'alex')).status).toBe(403);
  });

  it('refuses what Graph refuses', async () => {
    const alex = [{ email: 'alex@fabrikam.com' }];
    // roles "must match the role of the link"
    await expectError(await grant('file', { recipients: alex, roles: ['write'] }), 400, 'invalidRequest');
    await expectError(await grant('file', { recipients: [], roles: ['read'] }), 400, 'invalidRequest');
    await expectError(await grant('file', { roles: ['read'] }), 400, 'invalidRequest');
    // a reader may not share onward
    await expectError(
      await grant('file', { recipients: alex, roles: ['read'] }, 'megan'),
      403,
      'accessDenied',
    );
    // personal accounts: not supported
    await expectError(
      await grant('personal', { recipients: [{ email: 'megan@contoso.com' }], roles: ['read'] }, 'dan'),
      400,
      'notSupported',
    );
    await expectError(await grant('file', undefined, 'adele', 'GET'), 405, 'notAllowed');
  });
});

describe('/sites/{id}/drive (reference §2 "Base …")', () => {
  it('reaches the items of the site’s library by the id /shares/{t}/site gives', async () => {
    const site = await (
      await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/site`, {
        headers: { Authorization: `Bearer ${tokens.adele}` },
      })
    ).json();
    const item = driveOf('file').itemId;
    const list = await call('GET', `/sites/${site.id}/drive/items/${item}/permissions`);
    expect(list.status).toBe(200);
    expect((await list.json())['@odata.context']).toBe(
      `${base}/v1.0/$metadata#sites('${encodeURIComponent(site.id)}')/drive/items('${item}')/permissions`,
    );
    const made = await call('POST', `/sites/${site.id}/drive/items/${item}/createLink`, {
      body: { type: 'edit' },
    });
    expect(made.status).toBe(201);
    // Another site's library does not hold the item; an unknown site has none.
    const other = await (
      await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('folder'))}/site`, {
        headers: { Authorization: `Bearer ${tokens.megan}` },
      })
    ).json();
    expect(other.id).not.toBe(site.id);
    await expectError(
      await call('GET', `/sites/${other.id}/drive/items/${item}/permissions`),
      404,
      'itemNotFound',
    );
    await expectError(
      await call('GET', `/sites/nowhere/drive/items/${item}/permissions`),
      404,
      'itemNotFound',
    );
  });
});
